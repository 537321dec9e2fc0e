package org.qmpd.core.fd;

import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;

/**
 * Descriptor passing over unix sockets (SCM_RIGHTS), through qmpd's small JNI library
 * ({@code src/main/c/qmpdfd.c}, shipped in the bundle as native code for Linux x86-64). Where
 * the library or the socket's descriptor number cannot be had (another platform, a JVM
 * without {@code --add-opens java.base/sun.nio.ch}), {@link #available()} is false and unix
 * sessions read without descriptors, so {@code getfd} answers that none was supplied.
 */
public final class NativeFds {
    static final int MAX_FDS = 16;
    private static final boolean LOADED = load();

    private NativeFds() {
    }

    private static boolean load() {
        try {
            System.loadLibrary("qmpdfd");
            return true;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            System.getLogger(NativeFds.class.getName()).log(System.Logger.Level.DEBUG, "no descriptor passing: " + e);
            return false;
        }
    }

    public static boolean available() {
        return LOADED;
    }

    /** The kernel descriptor of a socket channel, or -1 if the JVM will not tell. */
    public static int descriptorOf(SocketChannel channel) {
        try {
            Method m = channel.getClass().getMethod("getFDVal");
            m.setAccessible(true);
            return (Integer) m.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /** See {@code Java_org_qmpd_core_fd_NativeFds_recv} in qmpdfd.c. */
    static native int recv(int sock, byte[] buf, int off, int len, int[] fds);

    /** Closes a descriptor qmpd received; returns 0 or -errno. */
    public static native int close(int fd);
}
