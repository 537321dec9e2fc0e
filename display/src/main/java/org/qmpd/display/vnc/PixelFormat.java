package org.qmpd.display.vnc;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An RFB {@code PIXEL_FORMAT}: how a client wants pixels encoded. True-colour formats of 8, 16
 * or 32 bits per pixel in either byte order are supported; {@link #SERVER} is the server's
 * native format (32 bits, depth 24, little endian, red in bits 16-23), as QEMU announces it on
 * x86.
 */
public record PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, boolean trueColour,
                          int redMax, int greenMax, int blueMax, int redShift, int greenShift, int blueShift) {

    public static final PixelFormat SERVER = new PixelFormat(32, 24, false, true, 255, 255, 255, 16, 8, 0);

    public int bytesPerPixel() {
        return bitsPerPixel / 8;
    }

    /** Whether pixels can be sent in this format (true colour, 8/16/32 bits). */
    public boolean supported() {
        return trueColour && (bitsPerPixel == 8 || bitsPerPixel == 16 || bitsPerPixel == 32);
    }

    /** Writes {@code rgb} ({@code 0xRRGGBB}) in this format at {@code out[offset]}. */
    public void encode(int rgb, byte[] out, int offset) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        int v = (r * redMax / 255) << redShift | (g * greenMax / 255) << greenShift | (b * blueMax / 255) << blueShift;
        int n = bytesPerPixel();
        for (int i = 0; i < n; i++) {
            int shift = bigEndian ? 8 * (n - 1 - i) : 8 * i;
            out[offset + i] = (byte) (v >>> shift);
        }
    }

    public static PixelFormat read(DataInput in) throws IOException {
        int bpp = in.readUnsignedByte();
        int depth = in.readUnsignedByte();
        boolean big = in.readUnsignedByte() != 0;
        boolean tc = in.readUnsignedByte() != 0;
        int rm = in.readUnsignedShort();
        int gm = in.readUnsignedShort();
        int bm = in.readUnsignedShort();
        int rs = in.readUnsignedByte();
        int gs = in.readUnsignedByte();
        int bs = in.readUnsignedByte();
        in.skipBytes(3);
        return new PixelFormat(bpp, depth, big, tc, rm, gm, bm, rs, gs, bs);
    }

    public void write(DataOutput out) throws IOException {
        out.writeByte(bitsPerPixel);
        out.writeByte(depth);
        out.writeByte(bigEndian ? 1 : 0);
        out.writeByte(trueColour ? 1 : 0);
        out.writeShort(redMax);
        out.writeShort(greenMax);
        out.writeShort(blueMax);
        out.writeByte(redShift);
        out.writeByte(greenShift);
        out.writeByte(blueShift);
        out.write(new byte[3]);
    }
}
