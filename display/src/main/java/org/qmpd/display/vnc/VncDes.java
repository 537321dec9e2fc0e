package org.qmpd.display.vnc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * VNC Authentication's DES, as RFB specifies it: the password, cut or zero-padded to 8 bytes,
 * is the DES key with the bits of each byte in reverse order (the quirk of the original
 * {@code d3des} code), and the response is the 16-byte challenge encrypted with it in ECB
 * mode. The same function makes the obfuscated password files of {@code vncpasswd}, whose
 * key is the fixed {@link #PASSWD_FILE_KEY}.
 */
public final class VncDes {
    /** The fixed key VNC viewers use to obfuscate stored passwords. */
    public static final byte[] PASSWD_FILE_KEY = {23, 82, 107, 6, 35, 78, 88, 7};

    private VncDes() {
    }

    /** The response a client holding {@code password} gives to {@code challenge}. */
    public static byte[] response(byte[] challenge, String password) {
        return encrypt(key(password), challenge);
    }

    /** The 8 key bytes of a password: its first 8 bytes (Latin-1), zero-padded. */
    public static byte[] key(String password) {
        byte[] key = new byte[8];
        byte[] bytes = password.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(bytes, 0, key, 0, Math.min(8, bytes.length));
        return key;
    }

    /** DES-ECB of {@code data} (a multiple of 8 bytes) under a VNC key (bits not yet reversed). */
    public static byte[] encrypt(byte[] vncKey, byte[] data) {
        byte[] key = new byte[8];
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (Integer.reverse(vncKey[i] & 0xFF) >>> 24);
        }
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DES is not available in this JVM", e);
        }
    }
}
