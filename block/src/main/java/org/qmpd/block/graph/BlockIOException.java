package org.qmpd.block.graph;

import java.io.IOException;

/**
 * An I/O failure with the POSIX errno QEMU would carry ({@code -EIO}, {@code -ENOSPC},
 * {@code -EPERM}), so that NBD replies and {@code qemu-io} report it in the same words.
 */
public final class BlockIOException extends IOException {
    private static final long serialVersionUID = 1L;

    public static final int EPERM = 1;
    public static final int EIO = 5;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFBIG = 27;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int ENOTSUP = 95;
    public static final int ENOMEDIUM = 123;

    private final int errno;

    public BlockIOException(int errno) {
        super(strerror(errno), null);
        this.errno = errno;
    }

    public BlockIOException(int errno, Throwable cause) {
        super(strerror(errno), cause);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** The errno of any I/O failure: ours, or EIO for the JDK's. */
    public static int errnoOf(Throwable t) {
        if (t instanceof BlockIOException) {
            return ((BlockIOException) t).errno;
        }
        String m = String.valueOf(t.getMessage());
        if (m.contains("No space left")) {
            return ENOSPC;
        }
        return EIO;
    }

    /** glibc's {@code strerror} text for the errnos the block layer raises. */
    public static String strerror(int errno) {
        switch (errno) {
            case EPERM: return "Operation not permitted";
            case EIO: return "Input/output error";
            case ENOMEM: return "Cannot allocate memory";
            case EACCES: return "Permission denied";
            case EFBIG: return "File too large";
            case EINVAL: return "Invalid argument";
            case ENOSPC: return "No space left on device";
            case EROFS: return "Read-only file system";
            case ENOTSUP: return "Operation not supported";
            case ENOMEDIUM: return "No medium found";
            case 2: return "No such file or directory";
            case 17: return "File exists";
            case 21: return "Is a directory";
            case 75: return "Value too large for defined data type";
            default: return "Unknown error " + errno;
        }
    }
}
