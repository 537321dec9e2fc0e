package org.qmpd.display.console;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The display surface: {@code width x height} pixels of 24-bit colour ({@code 0xRRGGBB}).
 * Writers (the console) change pixels and report the damaged rectangle to every
 * {@link DamageListener} (the VNC clients); readers copy pixels out under the same lock, so a
 * reader never sees half a glyph.
 */
public final class Framebuffer {
    /** Told of each changed rectangle, on the writer's thread; must not block. */
    @FunctionalInterface
    public interface DamageListener {
        void damaged(int x, int y, int w, int h);
    }

    private final int width;
    private final int height;
    private final int[] pixels;
    private final List<DamageListener> listeners = new CopyOnWriteArrayList<>();

    public Framebuffer(int width, int height) {
        this.width = width;
        this.height = height;
        this.pixels = new int[width * height];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public void addListener(DamageListener listener) {
        listeners.add(listener);
    }

    public void removeListener(DamageListener listener) {
        listeners.remove(listener);
    }

    /** Fills a rectangle with one colour, without telling listeners (see {@link #damage}). */
    synchronized void fill(int x, int y, int w, int h, int rgb) {
        for (int row = y; row < y + h; row++) {
            java.util.Arrays.fill(pixels, row * width + x, row * width + x + w, rgb);
        }
    }

    synchronized void set(int x, int y, int rgb) {
        pixels[y * width + x] = rgb;
    }

    /** Tells every listener that a rectangle changed. */
    void damage(int x, int y, int w, int h) {
        for (DamageListener l : listeners) {
            l.damaged(x, y, w, h);
        }
    }

    /** The colour of one pixel. */
    public synchronized int pixel(int x, int y) {
        return pixels[y * width + x];
    }

    /** Copies a rectangle, row by row, into {@code dst}. */
    public synchronized void copy(int x, int y, int w, int h, int[] dst) {
        for (int row = 0; row < h; row++) {
            System.arraycopy(pixels, (y + row) * width + x, dst, row * w, w);
        }
    }

    /** Writes the whole surface as a binary PPM ({@code P6}, maxval 255), as QEMU's {@code ppm_save}. */
    public void writePpm(OutputStream out) throws IOException {
        int[] copy = new int[width * height];
        copy(0, 0, width, height, copy);
        out.write(("P6\n" + width + " " + height + "\n255\n").getBytes(StandardCharsets.US_ASCII));
        byte[] row = new byte[width * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = copy[y * width + x];
                row[3 * x] = (byte) (p >> 16);
                row[3 * x + 1] = (byte) (p >> 8);
                row[3 * x + 2] = (byte) p;
            }
            out.write(row);
        }
    }
}
