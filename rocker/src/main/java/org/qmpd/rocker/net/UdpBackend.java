package org.qmpd.rocker.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * {@code -netdev socket,udp=HOST:PORT,localaddr=HOST:PORT}: one Ethernet frame per UDP
 * datagram, received on the local address from anyone and sent to the remote one, as QEMU's
 * {@code net_socket_udp_init}. The link is always up.
 */
final class UdpBackend extends NetBackend {
    private final DatagramChannel channel;
    private final InetSocketAddress remote;
    private final Thread receiver;

    UdpBackend(String id, InetSocketAddress local, InetSocketAddress remote) throws IOException {
        super(id);
        this.remote = remote;
        channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(local);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        receiver = new Thread(this::receiveLoop, "rocker-netdev-" + id);
        receiver.setDaemon(true);
        receiver.start();
    }

    private void receiveLoop() {
        byte[] buf = new byte[65536];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (channel.isOpen()) {
            if (!awaitPeer()) {
                continue;
            }
            try {
                bb.clear();
                if (channel.receive(bb) != null) {
                    deliver(buf, 0, bb.position());
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // an ICMP error or a bad frame must not stop the backend
            }
        }
    }

    @Override
    public String info() {
        return "socket: udp=" + remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }

    @Override
    public boolean linkUp() {
        return channel.isOpen();
    }

    @Override
    public void send(byte[] frame, int off, int len) {
        try {
            channel.send(ByteBuffer.wrap(frame, off, len), remote);
        } catch (IOException e) {
            // lost, as a datagram may be
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        receiver.interrupt();
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
