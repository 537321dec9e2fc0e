package org.qmpd.migration.control;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.qmpd.core.api.Machine;
import org.qmpd.core.api.MigratableState;
import org.qmpd.core.api.RunState;
import org.qmpd.migration.state.MigrationStatus;
import org.qmpd.migration.stream.LoadException;
import org.qmpd.migration.stream.StreamFormat;
import org.qmpd.migration.stream.StreamLoader;
import org.qmpd.migration.stream.StreamReader;
import org.qmpd.migration.transport.Connection;
import org.qmpd.migration.transport.Listener;
import org.qmpd.migration.transport.TransportException;

/**
 * One incoming migration on its own thread ({@code qmpd-migration-incoming}), as 2.4's
 * {@code process_incoming_migration_co}: wait for the source, go {@code active}, load RAM as
 * it streams in, then, under the machine lock, load the device-state sections, tell the source
 * (on the return path of a socket) and start the guest as the source's run state says.
 */
final class IncomingMigration implements Runnable {
    private final DestinationMigration owner;
    private final Listener listener;
    private final Thread thread;
    private volatile Connection connection;
    private volatile boolean cancelled;

    IncomingMigration(DestinationMigration owner, Listener listener) {
        this.owner = owner;
        this.listener = listener;
        this.thread = new Thread(this, "qmpd-migration-incoming");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops waiting (or loading) without reporting a failure: the machine is going away, or another -incoming replaced this one. */
    void cancel() {
        cancelled = true;
        listener.close();
        Connection c = connection;
        if (c != null) {
            c.shutdown();
        }
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    @Override
    public void run() {
        StreamLoader loader = null;
        Connection conn = null;
        boolean returnPath = false;
        try {
            conn = listener.accept();
            connection = conn;
            owner.changeStatus(MigrationStatus.ACTIVE);
            loader = new StreamLoader(owner.ram(), new StreamReader(conn.input()), owner.settings().decompressThreads());
            StreamLoader.Header header = loader.readHeader();
            returnPath = header.returnPath() && conn.isSocket();
            List<SavevmHandlers.Section> sections = new ArrayList<>();
            loader.load((id, version, data) -> sections.add(new SavevmHandlers.Section(id, version, data)));
            RunState sourceState = owner.locked(() -> loadSections(sections));
            if (returnPath) {
                reply(conn.output(), StreamFormat.REPLY_OK, null);
            }
            owner.locked(() -> {
                owner.changeStatus(MigrationStatus.COMPLETED);
                resume(owner.machine(), sourceState);
                return null;
            });
        } catch (LoadException e) {
            fail(conn, returnPath, e.getMessage(), e.errno());
        } catch (EOFException e) {
            fail(conn, returnPath, null, "Input/output error");
        } catch (TransportException e) {
            fail(conn, false, e.getMessage(), "Input/output error");
        } catch (IOException | RuntimeException e) {
            fail(conn, returnPath, e.getMessage(), "Input/output error");
        } finally {
            if (loader != null) {
                loader.close();
            }
            if (conn != null) {
                conn.close();
            }
        }
    }

    /**
     * Loads every section into its handler (under the lock) and returns the source's run
     * state from {@code globalstate}, or null if it sent none.
     */
    private RunState loadSections(List<SavevmHandlers.Section> sections) throws LoadException {
        RunState sourceState = null;
        for (SavevmHandlers.Section s : sections) {
            if (s.id().equals(StreamFormat.GLOBAL_STATE)) {
                sourceState = globalState(s.data());
                continue;
            }
            MigratableState handler = owner.handlers().find(s.id());
            if (handler == null) {
                throw LoadException.invalid("Unknown savevm section or instance '" + s.id() + "' 0");
            }
            if (s.version() > handler.version()) {
                throw LoadException.invalid("savevm: unsupported version " + s.version() + " for '" + s.id()
                        + "' v" + handler.version());
            }
            try {
                handler.load(new DataInputStream(new ByteArrayInputStream(s.data())), s.version());
            } catch (IOException | RuntimeException e) {
                throw LoadException.invalid("error while loading state for instance 0x0 of device '" + s.id() + "'");
            }
        }
        return sourceState;
    }

    private static RunState globalState(byte[] data) throws LoadException {
        String name = data.length == 0 ? "" : new String(data, 1, Math.min(data[0] & 0xff, data.length - 1), StandardCharsets.US_ASCII);
        for (RunState r : RunState.values()) {
            if (r.qapiName().equals(name)) {
                return r;
            }
        }
        throw LoadException.invalid("Unknown received state " + name);
    }

    /** 2.4's end of an incoming migration: run if the source ran (unless -S), else take its state. */
    static void resume(Machine machine, RunState sourceState) {
        if (sourceState == null || sourceState == RunState.RUNNING) {
            if (machine.autostart()) {
                machine.start();
            } else {
                machine.setRunState(RunState.PAUSED);
            }
        } else {
            machine.setRunState(sourceState);
        }
    }

    private void fail(Connection conn, boolean returnPath, String detail, String errno) {
        if (cancelled) {
            return;
        }
        if (detail != null) {
            System.err.println("qmpd: " + detail);
        }
        System.err.println("qmpd: load of migration failed: " + errno);
        if (returnPath && conn != null) {
            try {
                reply(conn.output(), StreamFormat.REPLY_FAILED, detail != null ? detail : errno);
            } catch (IOException e) {
                // the source is gone already
            }
        }
        owner.changeStatus(MigrationStatus.FAILED);
        // As 2.4's process_incoming_migration_co: after the error, exit(EXIT_FAILURE).
        owner.machine().exit(1);
    }

    private static void reply(WritableByteChannel out, int type, String message) throws IOException {
        byte[] text = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(text.length, 65535);
        ByteBuffer b = ByteBuffer.allocate(3 + len);
        b.put((byte) type);
        if (message != null) {
            b.putShort((short) len).put(text, 0, len);
        }
        b.flip();
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}
