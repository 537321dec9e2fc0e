package org.qmpd.rocker.net;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * {@code -netdev socket,listen=HOST:PORT} and {@code connect=HOST:PORT}: Ethernet frames over
 * TCP, each prefixed by its length as a 4-byte big-endian number, as QEMU's stream sockets
 * carry them. A listening backend takes one connection at a time and listens again when it
 * closes; a connecting one connects once. The link is up while a connection is open.
 *
 * <p>Frames are written by a thread of the backend's own from a bounded queue, so a peer
 * that stops reading costs dropped frames, never a stalled switch.
 */
final class StreamBackend extends NetBackend {
    private static final byte[] STOP = new byte[0];

    private final ServerSocket listener;
    private final String address;
    private volatile Socket connection;
    private volatile String peerInfo = "";
    private volatile boolean closed;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(1024);
    private final Thread reader;
    private final Thread writer;

    private StreamBackend(String id, ServerSocket listener, Socket connected, InetSocketAddress address) {
        super(id);
        this.listener = listener;
        this.connection = connected;
        this.address = address.getAddress().getHostAddress() + ":" + address.getPort();
        if (connected != null) {
            peerInfo = "connect to " + this.address;
        }
        reader = new Thread(this::readLoop, "rocker-netdev-" + id);
        reader.setDaemon(true);
        writer = new Thread(this::writeLoop, "rocker-netdev-" + id + "-tx");
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    static StreamBackend listen(String id, InetSocketAddress address) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(address, 1);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new StreamBackend(id, s, null, address);
    }

    static StreamBackend connect(String id, InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, 5000);
            s.setTcpNoDelay(true);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new StreamBackend(id, null, s, address);
    }

    /** The port a listening backend is bound to (useful when it was 0). */
    int localPort() {
        return listener != null ? listener.getLocalPort() : connection.getLocalPort();
    }

    private void readLoop() {
        byte[] buf = new byte[4096 + 65536];
        while (!closed) {
            Socket s = connection;
            if (s == null) {
                if (listener == null) {
                    return;
                }
                try {
                    s = listener.accept();
                    s.setTcpNoDelay(true);
                } catch (IOException e) {
                    return;
                }
                peerInfo = "connection from " + s.getInetAddress().getHostAddress() + ":" + s.getPort();
                connection = s;
            }
            try {
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 65536));
                while (true) {
                    if (!awaitPeer()) {
                        break;
                    }
                    int len = in.readInt();
                    if (len < 0 || len > buf.length) {
                        break; // not a frame stream: drop the connection
                    }
                    in.readFully(buf, 0, len);
                    deliver(buf, 0, len);
                }
            } catch (IOException | RuntimeException e) {
                // the connection ended
            }
            connection = null;
            peerInfo = "";
            closeQuietly(s);
            queue.clear();
            if (listener == null) {
                return;
            }
        }
    }

    private void writeLoop() {
        while (true) {
            byte[] f;
            try {
                f = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (f == STOP) {
                return;
            }
            Socket s = connection;
            if (s == null) {
                continue;
            }
            try {
                s.getOutputStream().write(f);
            } catch (IOException e) {
                closeQuietly(s); // the reader sees the end and cleans up
            }
        }
    }

    @Override
    public String info() {
        return peerInfo.isEmpty() ? "socket: " + (listener != null ? "listen=" : "connect=") + address : "socket: " + peerInfo;
    }

    @Override
    public boolean linkUp() {
        return connection != null && !closed;
    }

    @Override
    public void send(byte[] frame, int off, int len) {
        if (connection == null) {
            return;
        }
        byte[] f = new byte[4 + len];
        f[0] = (byte) (len >>> 24);
        f[1] = (byte) (len >>> 16);
        f[2] = (byte) (len >>> 8);
        f[3] = (byte) len;
        System.arraycopy(frame, off, f, 4, len);
        queue.offer(f);
    }

    @Override
    public void close() {
        closed = true;
        if (listener != null) {
            closeQuietly(listener);
        }
        Socket s = connection;
        if (s != null) {
            closeQuietly(s);
        }
        queue.clear();
        queue.offer(STOP);
        reader.interrupt();
        try {
            reader.join(2000);
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
