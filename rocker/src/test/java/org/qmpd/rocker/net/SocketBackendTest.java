package org.qmpd.rocker.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UDP and TCP backends carry frames over real loopback sockets, one per datagram or length-prefixed. */
class SocketBackendTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    final Netdevs netdevs = new Netdevs();
    final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(16);

    @AfterEach
    void close() {
        netdevs.deactivate();
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return s.getLocalPort();
        }
    }

    @Test
    void udpCarriesOneFramePerDatagram() throws Exception {
        try (DatagramSocket far = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            far.setSoTimeout(5000);
            int local = freeUdpPort();
            NetBackend b = netdevs.add(Map.of("type", "socket", "id", "u", "udp", "127.0.0.1:" + far.getLocalPort(),
                    "localaddr", "127.0.0.1:" + local));
            b.setPeer((f, off, len) -> received.add(Arrays.copyOfRange(f, off, off + len)));
            assertTrue(b.linkUp());
            byte[] frame = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 8, 0, 42};
            far.send(new DatagramPacket(frame, frame.length, new InetSocketAddress(LOOPBACK, local)));
            assertArrayEquals(frame, received.poll(5, TimeUnit.SECONDS));
            b.send(frame, 2, 10);
            byte[] buf = new byte[100];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            far.receive(p);
            assertArrayEquals(Arrays.copyOfRange(frame, 2, 12), Arrays.copyOf(buf, p.getLength()));
            assertEquals("socket: udp=127.0.0.1:" + far.getLocalPort(), b.info());
            assertTrue(netdevs.remove("u"));
            assertFalse(b.linkUp());
        }
    }

    @Test
    void tcpFramesArePrefixedWithTheirLength() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        NetBackend b = netdevs.add(Map.of("type", "socket", "id", "t", "listen", "127.0.0.1:" + port));
        b.setPeer((f, off, len) -> received.add(Arrays.copyOfRange(f, off, off + len)));
        assertFalse(b.linkUp());
        try (Socket s = new Socket(LOOPBACK, port)) {
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] frame = new byte[1514];
            frame[100] = 7;
            out.writeInt(frame.length);
            out.write(frame);
            out.flush();
            assertArrayEquals(frame, received.poll(5, TimeUnit.SECONDS));
            assertTrue(b.linkUp());
            b.send(frame, 0, 60);
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertEquals(60, in.readInt());
            byte[] back = new byte[60];
            in.readFully(back);
            assertArrayEquals(Arrays.copyOf(frame, 60), back);
        }
    }

    @Test
    void wellFormedIdsAreQemus() {
        assertTrue(Netdevs.wellFormed("n0.a-b_c"));
        assertFalse(Netdevs.wellFormed("0n"));
        assertFalse(Netdevs.wellFormed("n 0"));
        assertFalse(Netdevs.wellFormed(""));
    }
}
