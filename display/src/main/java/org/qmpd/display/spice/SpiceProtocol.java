package org.qmpd.display.spice;

/** Numbers of the SPICE protocol 2.2 ({@code spice-protocol}'s {@code protocol.h}, {@code enums.h}). */
final class SpiceProtocol {
    /** "REDQ" read as a little-endian u32. */
    static final int MAGIC = 0x51444552;
    static final int VERSION_MAJOR = 2;
    static final int VERSION_MINOR = 2;
    static final int TICKET_PUBKEY_BYTES = 162;
    static final int TICKET_KEY_PAIR_LENGTH = 1024;
    /** {@code sizeof(SpiceLinkMess)}, packed. */
    static final int LINK_MESS_SIZE = 18;
    /** {@code sizeof(SpiceLinkReply)}, packed. */
    static final int LINK_REPLY_SIZE = 178;

    static final int LINK_ERR_OK = 0;
    static final int LINK_ERR_INVALID_MAGIC = 2;
    static final int LINK_ERR_INVALID_DATA = 3;
    static final int LINK_ERR_VERSION_MISMATCH = 4;
    static final int LINK_ERR_PERMISSION_DENIED = 7;
    static final int LINK_ERR_BAD_CONNECTION_ID = 8;

    static final int COMMON_CAP_PROTOCOL_AUTH_SELECTION = 0;
    static final int COMMON_CAP_AUTH_SPICE = 1;
    static final int COMMON_CAP_AUTH_SASL = 2;
    static final int COMMON_CAP_MINI_HEADER = 3;

    static final int MAIN_CAP_SEMI_SEAMLESS_MIGRATE = 0;
    static final int MAIN_CAP_NAME_AND_UUID = 1;
    static final int INPUTS_CAP_KEY_SCANCODE = 0;

    static final int CHANNEL_MAIN = 1;
    static final int CHANNEL_INPUTS = 3;

    static final int MSG_SET_ACK = 3;
    static final int MSG_PING = 4;
    static final int MSGC_ACK_SYNC = 1;
    static final int MSGC_ACK = 2;
    static final int MSGC_PONG = 3;
    static final int MSGC_DISCONNECTING = 6;

    static final int MSG_MAIN_INIT = 103;
    static final int MSG_MAIN_CHANNELS_LIST = 104;
    static final int MSG_MAIN_NAME = 113;
    static final int MSG_MAIN_UUID = 114;
    static final int MSGC_MAIN_ATTACH_CHANNELS = 104;

    static final int MSG_INPUTS_INIT = 101;
    static final int MSGC_INPUTS_KEY_DOWN = 101;
    static final int MSGC_INPUTS_KEY_UP = 102;
    static final int MSGC_INPUTS_KEY_SCANCODE = 104;

    static final int MOUSE_MODE_SERVER = 1;

    private SpiceProtocol() {
    }
}
