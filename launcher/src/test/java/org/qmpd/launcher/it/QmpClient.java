package org.qmpd.launcher.it;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A QMP client for the end-to-end tests, behaving as the real ones do: requests are sent as
 * compact JSON with no newline (as {@code qemu.qmp} sends them), responses are read line by
 * line, and events that arrive while waiting for a response are kept for {@link #event}.
 * Every line received is also kept raw, so tests can check bytes ({@code CRLF}, ASCII).
 */
public final class QmpClient implements Closeable {
    public static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final InputStream in;
    private final OutputStream out;
    private final Closeable socket;
    private final Deque<JsonNode> events = new ArrayDeque<>();
    private final List<String> rawLines = new ArrayList<>();
    private JsonNode greeting;

    private QmpClient(InputStream in, OutputStream out, Closeable socket) {
        this.in = new java.io.BufferedInputStream(in, 65536);
        this.out = out;
        this.socket = socket;
    }

    /** Connects to {@code tcp:HOST:PORT} or {@code unix:PATH} and reads the greeting. */
    public static QmpClient connect(String address) throws IOException {
        QmpClient client;
        if (address.startsWith("unix:")) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(address.substring(5)));
            client = new QmpClient(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
        } else {
            String hp = address.startsWith("tcp:") ? address.substring(4) : address;
            int colon = hp.lastIndexOf(':');
            Socket s = new Socket();
            s.connect(new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1))), 5000);
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) TIMEOUT.toMillis());
            client = new QmpClient(s.getInputStream(), s.getOutputStream(), s);
        }
        client.greeting = client.readMessage();
        return client;
    }

    /** Connects and completes negotiation. */
    public static QmpClient negotiated(String address) throws IOException {
        QmpClient client = connect(address);
        JsonNode r = client.execute("qmp_capabilities");
        if (!r.has("return")) {
            throw new IOException("qmp_capabilities failed: " + r);
        }
        return client;
    }

    public JsonNode greeting() {
        return greeting;
    }

    /** Sends raw bytes, exactly as given. */
    public void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Runs a command and returns the whole response ({@code return} or {@code error}), skipping events. */
    public JsonNode execute(String command, Object arguments) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("execute", command);
        if (arguments != null) {
            request.set("arguments", JSON.valueToTree(arguments));
        }
        sendRaw(JSON.writeValueAsString(request));
        return response();
    }

    public JsonNode execute(String command) throws IOException {
        return execute(command, null);
    }

    /** Runs a command that must succeed; returns its {@code return} value. */
    public JsonNode ok(String command, Object arguments) throws IOException {
        JsonNode r = execute(command, arguments);
        if (!r.has("return")) {
            throw new AssertionError(command + " failed: " + r);
        }
        return r.get("return");
    }

    public JsonNode ok(String command) throws IOException {
        return ok(command, null);
    }

    /** Runs a command that must fail; returns its {@code error} member. */
    public JsonNode error(String command, Object arguments) throws IOException {
        JsonNode r = execute(command, arguments);
        if (!r.has("error")) {
            throw new AssertionError(command + " should have failed: " + r);
        }
        return r.get("error");
    }

    /** The next message that is not an event. */
    public JsonNode response() throws IOException {
        while (true) {
            JsonNode m = readMessage();
            if (m.has("event")) {
                events.add(m);
            } else {
                return m;
            }
        }
    }

    /** Waits for an event named {@code name} (kept or arriving) matching {@code filter}. */
    public JsonNode event(String name, Predicate<JsonNode> filter, Duration timeout) throws IOException, TimeoutException {
        for (JsonNode e : events) {
            if (e.get("event").asText().equals(name) && filter.test(e)) {
                events.remove(e);
                return e;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = readMessage();
            if (m.has("event") && m.get("event").asText().equals(name) && filter.test(m)) {
                return m;
            }
            if (m.has("event")) {
                events.add(m);
            } else {
                throw new IOException("unexpected message while waiting for " + name + ": " + m);
            }
        }
        throw new TimeoutException("no " + name + " event within " + timeout);
    }

    public JsonNode event(String name) throws IOException, TimeoutException {
        return event(name, e -> true, TIMEOUT);
    }

    /** Events received so far and not yet consumed by {@link #event}. */
    public Deque<JsonNode> pendingEvents() {
        return events;
    }

    /** Every line received, without its CRLF. */
    public List<String> rawLines() {
        return rawLines;
    }

    /** Reads one CRLF-terminated line and parses it. */
    public JsonNode readMessage() throws IOException {
        String line = readLine();
        return JSON.readTree(line);
    }

    /** Reads one line; fails unless it ends in CRLF and is pure ASCII. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after " + line.size() + " bytes of a line");
            }
            if (c == '\n') {
                if (prev != '\r') {
                    throw new IOException("line does not end in CRLF: " + line);
                }
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) > 0x7F) {
                        throw new IOException("non-ASCII byte in " + text);
                    }
                }
                rawLines.add(text);
                return text;
            }
            line.write(c);
            prev = c;
        }
    }

    /** True if the server closed the connection (reads EOF) within the timeout. */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
