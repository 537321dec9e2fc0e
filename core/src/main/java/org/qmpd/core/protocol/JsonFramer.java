package org.qmpd.core.protocol;

/**
 * Splits a byte stream into JSON values the way QEMU's {@code json-streamer.c} does, without
 * waiting for newlines: a value is complete when its braces and brackets balance, a scalar
 * at top level is complete on its own, and a closer with no opener is a value of its own (a
 * malformed one). Strings may be double- or single-quoted (QEMU's extension) and may hold
 * brackets and escaped quotes.
 *
 * <p>Like QEMU, a value that nests deeper than {@value #MAX_NESTING} or grows past
 * {@value #MAX_TOKEN_SIZE} bytes is cut off and handed on as it is, where it fails to parse,
 * and framing starts again after it. Each feed scans only the bytes it adds.
 */
public final class JsonFramer {
    public static final int MAX_NESTING = 1024;
    public static final int MAX_TOKEN_SIZE = 64 << 20;

    /** Receives each framed value; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface Sink {
        void value(byte[] buf, int offset, int length);
    }

    private static final int TOP = 0;
    private static final int SCALAR = 1;
    private static final int NESTED = 2;
    private static final int STRING = 3;
    private static final int ESCAPE = 4;

    private final Sink sink;
    private byte[] buf = new byte[8192];
    private int start;   // first byte of the value being framed
    private int end;     // end of the buffered bytes
    private int state = TOP;
    private int braces;
    private int brackets;
    private byte quote;

    public JsonFramer(Sink sink) {
        this.sink = sink;
    }

    public void feed(byte[] data, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(data, offset, buf, end, length);
        int scanFrom = end;
        end += length;
        scan(scanFrom);
        compact();
    }

    /** Whether bytes of an unfinished value are held. */
    public boolean hasPartialValue() {
        return start < end;
    }

    private void scan(int from) {
        byte[] b = buf;
        int i = from;
        while (i < end) {
            byte c = b[i];
            switch (state) {
                case TOP:
                    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                        start = i + 1;
                    } else if (c == '{' || c == '[') {
                        start = i;
                        braces = c == '{' ? 1 : 0;
                        brackets = c == '[' ? 1 : 0;
                        state = NESTED;
                    } else if (c == '"' || c == '\'') {
                        start = i;
                        quote = c;
                        state = STRING;
                    } else if (c == '}' || c == ']') {
                        start = i;
                        emit(i + 1);
                    } else {
                        start = i;
                        state = SCALAR;
                    }
                    break;
                case SCALAR:
                    if (isDelimiter(c)) {
                        emit(i);
                        continue; // the delimiter starts the next value
                    }
                    break;
                case NESTED:
                    if (c == '"' || c == '\'') {
                        quote = c;
                        state = STRING;
                    } else if (c == '{') {
                        braces++;
                    } else if (c == '[') {
                        brackets++;
                    } else if (c == '}') {
                        braces--;
                    } else if (c == ']') {
                        brackets--;
                    } else {
                        break;
                    }
                    if (braces < 0 || brackets < 0 || (braces == 0 && brackets == 0)
                            || braces + brackets > MAX_NESTING) {
                        emit(i + 1);
                    }
                    break;
                case STRING:
                    if (c != '\\' && c != quote) {
                        // The bulk of a large value is string bytes: skip them in a tight loop.
                        int j = i + 1;
                        byte q = quote;
                        while (j < end) {
                            byte d = b[j];
                            if (d == q || d == '\\') {
                                break;
                            }
                            j++;
                        }
                        i = j;
                        if (i - start > MAX_TOKEN_SIZE) {
                            emit(i);
                        }
                        continue;
                    }
                    if (c == '\\') {
                        state = ESCAPE;
                    } else if (c == quote) {
                        state = braces + brackets == 0 ? TOP : NESTED;
                        if (state == TOP) {
                            emit(i + 1);
                        }
                    }
                    break;
                case ESCAPE:
                    state = STRING;
                    break;
                default:
                    throw new AssertionError(state);
            }
            i++;
            if (state != TOP && i - start > MAX_TOKEN_SIZE) {
                emit(i);
            }
        }
    }

    private static boolean isDelimiter(byte c) {
        switch (c) {
            case ' ': case '\n': case '\r': case '\t':
            case '{': case '}': case '[': case ']':
            case '"': case '\'': case ',': case ':':
                return true;
            default:
                return false;
        }
    }

    private void emit(int valueEnd) {
        int from = start;
        start = valueEnd;
        state = TOP;
        braces = 0;
        brackets = 0;
        sink.value(buf, from, valueEnd - from);
    }

    private void ensureRoom(int length) {
        if (end + length <= buf.length) {
            return;
        }
        int live = end - start;
        if (live + length <= buf.length / 2 && start > 0) {
            compact();
            if (end + length <= buf.length) {
                return;
            }
        }
        int size = buf.length;
        while (size < live + length) {
            size *= 2;
        }
        byte[] bigger = new byte[size];
        System.arraycopy(buf, start, bigger, 0, live);
        buf = bigger;
        end = live;
        start = 0;
    }

    private void compact() {
        if (start == 0) {
            return;
        }
        int live = end - start;
        if (live > 0) {
            System.arraycopy(buf, start, buf, 0, live);
        }
        start = 0;
        end = live;
        if (live == 0 && buf.length > (1 << 20)) {
            buf = new byte[8192]; // give back the memory of a huge value
        }
    }
}
