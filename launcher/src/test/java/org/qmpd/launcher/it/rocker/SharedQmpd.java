package org.qmpd.launcher.it.rocker;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

import org.qmpd.launcher.it.QmpdProcess;

/**
 * One qmpd for the rocker tests, started on first use and stopped when the test JVM exits, so
 * that the suite pays for one start-up. It has one switch from the command line:
 * {@code -netdev socket,id=n0,... -device rocker,name=sw1,len-ports=2,ports[0]=n0}, the first
 * switch with a default MAC. Every other switch the tests make names its own
 * {@code fp_start_macaddr}, so that the next default one is the one QEMU's transcript shows.
 */
final class SharedQmpd {
    private static QmpdProcess qmpd;

    private SharedQmpd() {
    }

    static synchronized QmpdProcess get() throws IOException {
        if (qmpd == null) {
            int local;
            int remote;
            try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(SwitchRig.LOOPBACK, 0));
                 DatagramSocket b = new DatagramSocket(new InetSocketAddress(SwitchRig.LOOPBACK, 0))) {
                local = a.getLocalPort();
                remote = b.getLocalPort();
            }
            QmpdProcess p = QmpdProcess.startTcp("-netdev", "socket,id=n0,udp=127.0.0.1:" + remote + ",localaddr=127.0.0.1:" + local,
                    "-device", "rocker,name=sw1,len-ports=2,ports[0]=n0");
            Runtime.getRuntime().addShutdownHook(new Thread(p::close));
            qmpd = p;
        }
        return qmpd;
    }

    /** A MAC of this test run's own for switch {@code name}: locally administered, never the default. */
    static String macFor(String name) {
        int h = name.hashCode();
        return String.format("06:%02x:%02x:%02x:%02x:01", h >>> 24 & 0xff, h >>> 16 & 0xff, h >>> 8 & 0xff, h & 0xff);
    }
}
