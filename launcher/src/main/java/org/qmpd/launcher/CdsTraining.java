package org.qmpd.launcher;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The build's training run for class data sharing ({@code QMPD_CDS=train bin/qmpd -qmp unix:P}):
 * once started, talk to our own monitor the way a client does (negotiate, query, fail, quit),
 * so the classes of a typical session are loaded and land in the archive the JVM writes at exit.
 */
final class CdsTraining {
    private static final String[] REQUESTS = {
        "{\"execute\":\"qmp_capabilities\"}",
        "{\"execute\":\"query-status\",\"id\":1}",
        "{\"execute\":\"query-version\"}",
        "{\"execute\":\"query-commands\"}",
        "{'execute':'human-monitor-command','arguments':{'command-line':'info status'}}",
        "{\"execute\":\"no-such-command\",\"id\":\"x\"}",
        "{\"execute\":\"query-status\",\"arguments\":{\"bogus\":1}}",
        "{\"execute\":",
        "\"quit\"}",
    };

    private CdsTraining() {
    }

    static boolean enabled() {
        return Boolean.getBoolean("qmpd.cds.train");
    }

    /** Runs the session against {@code address} ({@code unix:PATH}); the last request is {@code quit}. */
    static void run(String address) throws IOException {
        if (!address.startsWith("unix:")) {
            throw new IOException("the training run needs a unix monitor, not " + address);
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(address.substring(5).replace(",server", "")));
            ByteBuffer in = ByteBuffer.allocate(65536);
            ch.read(in);
            for (String request : REQUESTS) {
                ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
                if (request.endsWith("}")) {
                    in.clear();
                    ch.read(in);
                }
            }
        }
    }
}
