package org.qmpd.block.nbd;

import org.qmpd.block.graph.BlockIOException;

/** Constants of the NBD protocol ({@code doc/proto.md} of the NetworkBlockDevice project). */
final class Nbd {
    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454F5054L;
    static final long REPLY_MAGIC = 0x3e889045565a9L;
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;

    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 2;

    static final int OPT_EXPORT_NAME = 1;
    static final int OPT_ABORT = 2;
    static final int OPT_LIST = 3;
    static final int OPT_STARTTLS = 5;
    static final int OPT_INFO = 6;
    static final int OPT_GO = 7;
    static final int OPT_STRUCTURED_REPLY = 8;
    static final int OPT_LIST_META_CONTEXT = 9;
    static final int OPT_SET_META_CONTEXT = 10;

    static final int REP_ACK = 1;
    static final int REP_SERVER = 2;
    static final int REP_INFO = 3;
    static final int REP_ERR_UNSUP = 0x80000001;
    static final int REP_ERR_POLICY = 0x80000002;
    static final int REP_ERR_INVALID = 0x80000003;
    static final int REP_ERR_UNKNOWN = 0x80000006;

    static final int INFO_EXPORT = 0;
    static final int INFO_NAME = 1;
    static final int INFO_DESCRIPTION = 2;
    static final int INFO_BLOCK_SIZE = 3;

    static final int TF_HAS_FLAGS = 1;
    static final int TF_READ_ONLY = 2;
    static final int TF_SEND_FLUSH = 4;
    static final int TF_SEND_FUA = 8;
    static final int TF_SEND_TRIM = 32;
    static final int TF_SEND_WRITE_ZEROES = 64;
    static final int TF_CAN_MULTI_CONN = 256;

    static final int CMD_READ = 0;
    static final int CMD_WRITE = 1;
    static final int CMD_DISC = 2;
    static final int CMD_FLUSH = 3;
    static final int CMD_TRIM = 4;
    static final int CMD_WRITE_ZEROES = 6;

    static final int CMD_FLAG_FUA = 1;
    static final int CMD_FLAG_NO_HOLE = 2;

    static final int EPERM = 1;
    static final int EIO = 5;
    static final int ENOMEM = 12;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int EOVERFLOW = 75;
    static final int ENOTSUP = 95;
    static final int ESHUTDOWN = 108;

    /** Largest request accepted (QEMU's {@code NBD_MAX_BUFFER_SIZE}). */
    static final int MAX_REQUEST = 32 << 20;

    private Nbd() {
    }

    /** A host errno as NBD sends it, as QEMU's {@code system_errno_to_nbd_errno}. */
    static int errno(int systemErrno) {
        switch (systemErrno) {
            case 0: return 0;
            case BlockIOException.EPERM: case BlockIOException.EROFS: return EPERM;
            case BlockIOException.EIO: return EIO;
            case BlockIOException.ENOMEM: return ENOMEM;
            case BlockIOException.ENOSPC: case BlockIOException.EFBIG: case 122: return ENOSPC;
            case 75: return EOVERFLOW;
            case BlockIOException.ENOTSUP: return ENOTSUP;
            case 108: return ESHUTDOWN;
            default: return EINVAL;
        }
    }
}
