package org.qmpd.display.console;

import java.util.Arrays;

/**
 * The machine's text console, the guest screen qmpd shows: {@value #COLUMNS} x {@value #ROWS}
 * character cells drawn with {@link ConsoleFont} into a {@link Framebuffer} of
 * 640 x 400 pixels, light grey on black as VGA text mode, with an underline cursor. Typed
 * characters appear at the cursor; {@code \n} starts a new line, {@code \b} erases the
 * character before the cursor, {@code \t} moves to the next multiple of 8, and the screen
 * scrolls up when the cursor leaves the last row. Thread-safe: keyboard input arrives from the
 * send-key queue and from VNC and SPICE clients.
 */
public final class TextConsole {
    public static final int COLUMNS = 80;
    public static final int ROWS = 25;
    public static final int FOREGROUND = 0xAAAAAA;
    public static final int BACKGROUND = 0x000000;
    private static final int CURSOR_TOP = 14;

    private final Framebuffer framebuffer = new Framebuffer(COLUMNS * ConsoleFont.WIDTH, ROWS * ConsoleFont.HEIGHT);
    private final char[][] cells = new char[ROWS][COLUMNS];
    private int row;
    private int column;

    /** A console showing {@code banner} on its first line, the cursor two lines below. */
    public TextConsole(String banner) {
        for (char[] r : cells) {
            Arrays.fill(r, ' ');
        }
        framebuffer.fill(0, 0, framebuffer.width(), framebuffer.height(), BACKGROUND);
        write(banner + "\n\n");
    }

    public Framebuffer framebuffer() {
        return framebuffer;
    }

    /** Writes text at the cursor. */
    public synchronized void write(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            put(text.charAt(i));
        }
    }

    /** Writes one character at the cursor. */
    public synchronized void put(char c) {
        int oldRow = row;
        int oldColumn = column;
        switch (c) {
            case '\n':
                column = 0;
                row++;
                break;
            case '\r':
                column = 0;
                break;
            case '\b':
                if (column > 0) {
                    column--;
                    setCell(row, column, ' ');
                }
                break;
            case '\t':
                column = Math.min(COLUMNS - 1, (column / 8 + 1) * 8);
                break;
            default:
                if (c < 0x20 || c > 0x7e) {
                    return;
                }
                setCell(row, column, c);
                column++;
                if (column == COLUMNS) {
                    column = 0;
                    row++;
                }
        }
        if (row == ROWS) {
            scroll();
            row = ROWS - 1;
            oldRow = -1;
        }
        if (oldRow >= 0 && (oldRow != row || oldColumn != column)) {
            drawCell(oldRow, oldColumn);
        }
        drawCell(row, column);
    }

    /** The text of row {@code r}, trailing blanks included. */
    public synchronized String row(int r) {
        return new String(cells[r]);
    }

    public synchronized int cursorRow() {
        return row;
    }

    public synchronized int cursorColumn() {
        return column;
    }

    /** Replaces the whole screen (for an incoming migration): {@code ROWS} lines and the cursor. */
    public synchronized void restore(String[] lines, int cursorRow, int cursorColumn) {
        for (int r = 0; r < ROWS; r++) {
            String line = r < lines.length ? lines[r] : "";
            for (int c = 0; c < COLUMNS; c++) {
                char ch = c < line.length() ? line.charAt(c) : ' ';
                cells[r][c] = ch >= 0x20 && ch <= 0x7e ? ch : ' ';
            }
        }
        row = Math.max(0, Math.min(ROWS - 1, cursorRow));
        column = Math.max(0, Math.min(COLUMNS - 1, cursorColumn));
        redrawAll();
    }

    private void setCell(int r, int c, char ch) {
        cells[r][c] = ch;
        drawCell(r, c);
    }

    private void scroll() {
        for (int r = 1; r < ROWS; r++) {
            cells[r - 1] = cells[r];
        }
        cells[ROWS - 1] = new char[COLUMNS];
        Arrays.fill(cells[ROWS - 1], ' ');
        redrawAll();
    }

    private void redrawAll() {
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                render(r, c);
            }
        }
        framebuffer.damage(0, 0, framebuffer.width(), framebuffer.height());
    }

    private void drawCell(int r, int c) {
        render(r, c);
        framebuffer.damage(c * ConsoleFont.WIDTH, r * ConsoleFont.HEIGHT, ConsoleFont.WIDTH, ConsoleFont.HEIGHT);
    }

    private void render(int r, int c) {
        byte[] glyph = ConsoleFont.glyph(cells[r][c]);
        boolean cursor = r == row && c == column;
        int x0 = c * ConsoleFont.WIDTH;
        int y0 = r * ConsoleFont.HEIGHT;
        synchronized (framebuffer) {
            for (int y = 0; y < ConsoleFont.HEIGHT; y++) {
                int bits = glyph[y] & 0xFF;
                if (cursor && y >= CURSOR_TOP) {
                    bits = 0xFF;
                }
                for (int x = 0; x < ConsoleFont.WIDTH; x++) {
                    framebuffer.set(x0 + x, y0 + y, (bits & (0x80 >> x)) != 0 ? FOREGROUND : BACKGROUND);
                }
            }
        }
    }
}
