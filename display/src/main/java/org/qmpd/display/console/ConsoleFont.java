package org.qmpd.display.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The console's built-in bitmap font: the X11 misc-fixed 8x13 glyphs (public domain) for the
 * printable ASCII characters, each centred in an 8x16 cell as a VGA text mode cell is. A
 * character outside 0x20-0x7e is drawn as a blank.
 */
public final class ConsoleFont {
    public static final int WIDTH = 8;
    public static final int HEIGHT = 16;
    private static final String RESOURCE = "font8x16.txt";

    private static final byte[][] GLYPHS = load();

    private ConsoleFont() {
    }

    /** The 16 rows of {@code c}'s glyph; bit 7 of a row is its leftmost pixel. */
    public static byte[] glyph(char c) {
        byte[] g = c < GLYPHS.length ? GLYPHS[c] : null;
        return g != null ? g : GLYPHS[' '];
    }

    /** Whether pixel ({@code x}, {@code y}) of {@code c}'s cell is ink. */
    public static boolean ink(char c, int x, int y) {
        return (glyph(c)[y] & (0x80 >> x)) != 0;
    }

    private static byte[][] load() {
        byte[][] glyphs = new byte[128][];
        try (InputStream in = ConsoleFont.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing font resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = reader.readLine()) != null;) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                int code = Integer.parseInt(parts[0], 16);
                byte[] rows = new byte[HEIGHT];
                for (int i = 0; i < HEIGHT; i++) {
                    rows[i] = (byte) Integer.parseInt(parts[1].substring(2 * i, 2 * i + 2), 16);
                }
                glyphs[code] = rows;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return glyphs;
    }
}
