package org.qmpd.display.vnc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class VncDesTest {
    @Test
    void passwdFileOfPasswordIsTheWellKnownVector() {
        // what vncpasswd stores for "password"
        assertEquals("dbd83cfd727a1458", HexFormat.of().formatHex(VncDes.encrypt(VncDes.PASSWD_FILE_KEY, VncDes.key("password"))));
    }

    @Test
    void onlyTheFirstEightCharactersCount() {
        byte[] challenge = new byte[16];
        for (int i = 0; i < 16; i++) {
            challenge[i] = (byte) (i * 17);
        }
        assertArrayEquals(VncDes.response(challenge, "12345678"), VncDes.response(challenge, "123456789abc"));
        assertArrayEquals(VncDes.key(""), new byte[8]);
    }
}
