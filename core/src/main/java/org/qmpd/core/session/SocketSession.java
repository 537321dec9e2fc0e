package org.qmpd.core.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.qmpd.core.fd.FdReader;
import org.qmpd.core.protocol.JsonFramer;

/**
 * A session over a stream socket (TCP or unix). Its reader thread frames input by JSON value
 * and hands each value to the {@link MessageHandler}; after each read it writes every queued
 * message in one gathering write, so pipelined commands cost one system call per batch. A
 * writer thread writes events that arrive while the reader waits for input. A client that
 * stops reading while more than {@value #MAX_PENDING} bytes pile up is disconnected.
 */
public final class SocketSession extends QmpSession {
    static final long MAX_PENDING = 256L << 20;
    private static final System.Logger LOG = System.getLogger(SocketSession.class.getName());

    /** Receives each framed input value of a session. */
    @FunctionalInterface
    public interface MessageHandler {
        void handle(QmpSession session, byte[] buf, int offset, int length);
    }

    private final ByteChannel channel;
    private final MessageHandler handler;
    private final Consumer<SocketSession> onClose;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long pendingBytes;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    private Thread reader;
    private Thread writer;

    /** Room for a request or a response nested {@code JsonFramer.MAX_NESTING} deep. */
    static final long STACK_SIZE = 4L << 20;

    public SocketSession(ByteChannel channel, String peer, boolean pretty, MessageHandler handler, Consumer<SocketSession> onClose) {
        super(peer, pretty);
        this.channel = channel;
        this.handler = handler;
        this.onClose = onClose;
    }

    /** Sends {@code greeting} and starts the session's threads. */
    public void start(byte[] greeting) {
        send(greeting);
        // The parser and the encoder recurse once per nesting level, up to MAX_NESTING (1024)
        // of them, with interpreted or C1-compiled frames: the stack is sized for that here, not
        // left to -Xss (only the pages a deep message touches are ever committed).
        reader = new Thread(null, this::readLoop, "qmp-session-" + id(), STACK_SIZE);
        writer = new Thread(null, this::writeLoop, "qmp-writer-" + id(), STACK_SIZE);
        reader.setDaemon(true);
        writer.setDaemon(true);
        writer.start();
        reader.start();
    }

    private void readLoop() {
        JsonFramer framer = new JsonFramer((buf, off, len) -> handler.handle(this, buf, off, len));
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        try {
            FdReader fdReader = unixSocket() ? FdReader.of((SocketChannel) channel, fds()::arrived) : null;
            flush();
            while (!closed) {
                in.clear();
                int n = fdReader != null ? fdReader.read(in.array(), 0, in.capacity()) : channel.read(in);
                if (n < 0) {
                    break;
                }
                framer.feed(in.array(), 0, n);
                flush();
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.DEBUG, () -> this + " closed: " + e);
            }
        } finally {
            shutdown();
        }
    }

    private boolean unixSocket() throws IOException {
        return channel instanceof SocketChannel && ((SocketChannel) channel).getLocalAddress() instanceof UnixDomainSocketAddress;
    }

    private void writeLoop() {
        while (!closed) {
            LockSupport.park(this);
            try {
                flush();
            } catch (IOException e) {
                shutdown();
            }
        }
    }

    @Override
    public void send(byte[] message) {
        boolean tooMuch;
        synchronized (queue) {
            queue.add(message);
            pendingBytes += message.length;
            tooMuch = pendingBytes > MAX_PENDING;
        }
        if (tooMuch) {
            LOG.log(System.Logger.Level.WARNING, () -> this + " does not read its messages; disconnecting it");
            shutdown();
        }
    }

    @Override
    public void sendEvent(byte[] message) {
        send(message);
        Thread w = writer;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Writes everything queued; returns when the queue is empty or another thread is writing it. */
    void flush() throws IOException {
        while (true) {
            if (!writeLock.tryLock()) {
                return; // the other thread is writing and will see what we queued
            }
            try {
                ByteBuffer[] batch;
                synchronized (queue) {
                    if (queue.isEmpty()) {
                        return;
                    }
                    batch = new ByteBuffer[queue.size()];
                    for (int i = 0; i < batch.length; i++) {
                        batch[i] = ByteBuffer.wrap(queue.poll());
                    }
                    pendingBytes = 0;
                }
                writeFully(batch);
            } finally {
                writeLock.unlock();
            }
            synchronized (queue) {
                if (queue.isEmpty()) {
                    return;
                }
            }
        }
    }

    private void writeFully(ByteBuffer[] batch) throws IOException {
        if (channel instanceof GatheringByteChannel) {
            GatheringByteChannel gathering = (GatheringByteChannel) channel;
            int first = 0;
            while (first < batch.length) {
                gathering.write(batch, first, batch.length - first);
                while (first < batch.length && !batch[first].hasRemaining()) {
                    first++;
                }
            }
        } else {
            for (ByteBuffer b : batch) {
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            writeLock.lock();
            try {
                flushLocked();
            } finally {
                writeLock.unlock();
            }
        } catch (IOException e) {
            // the client went away first; nothing left to tell it
        }
        shutdown();
    }

    private void flushLocked() throws IOException {
        ByteBuffer[] batch;
        synchronized (queue) {
            batch = new ByteBuffer[queue.size()];
            int i = 0;
            for (byte[] message : queue) {
                batch[i++] = ByteBuffer.wrap(message);
            }
            queue.clear();
            pendingBytes = 0;
        }
        writeFully(batch);
    }

    private void shutdown() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        try {
            if (channel instanceof SocketChannel) {
                // wakes a reader blocked in recvmsg, which a plain close would not
                ((SocketChannel) channel).shutdownInput();
            }
        } catch (IOException e) {
            // already shut
        }
        try {
            channel.close();
        } catch (IOException e) {
            // already gone
        }
        fds().closeAll();
        Thread w = writer;
        if (w != null) {
            LockSupport.unpark(w);
        }
        onClose.accept(this);
    }
}
