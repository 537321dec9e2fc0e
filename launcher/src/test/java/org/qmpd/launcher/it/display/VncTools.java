package org.qmpd.launcher.it.display;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;

/**
 * What the display tests need around a real VNC viewer: a free display number, a
 * {@code vncpasswd}-style password file, runs of Debian's {@code vncsnapshot} (headless,
 * RFB 3.3), the console font (read from the display bundle's resource) to render the text the
 * screen should show, and PPM reading.
 */
final class VncTools {
    static final int CELL_W = 8;
    static final int CELL_H = 16;
    static final int FG = 0xAAAAAA;
    private static final byte[] PASSWD_FILE_KEY = {23, 82, 107, 6, 35, 78, 88, 7};
    private static byte[][] font;

    private VncTools() {
    }

    /** A display number N in 10..89 whose port 5900 + N is free on 127.0.0.1 now. */
    static int freeDisplay() throws IOException {
        int start = ThreadLocalRandom.current().nextInt(10, 90);
        for (int i = 0; i < 80; i++) {
            int n = 10 + (start - 10 + i) % 80;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", 5900 + n));
                return n;
            } catch (IOException busy) {
                // try the next
            }
        }
        throw new IOException("no free VNC display");
    }

    /** A free TCP port on 127.0.0.1. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** Writes a password file as {@code vncpasswd} does: DES of the password under the fixed key. */
    static Path passwdFile(Path dir, String password) throws IOException, GeneralSecurityException {
        byte[] plain = new byte[8];
        byte[] pw = password.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(pw, 0, plain, 0, Math.min(8, pw.length));
        byte[] key = new byte[8];
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (Integer.reverse(PASSWD_FILE_KEY[i] & 0xFF) >>> 24);
        }
        Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
        des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
        Path file = dir.resolve("passwd-" + password.hashCode());
        Files.write(file, des.doFinal(plain));
        return file;
    }

    record Run(int exit, String output) {
    }

    /** Runs {@code vncsnapshot [-passwd file] 127.0.0.1:N out.jpg}. */
    static Run vncsnapshot(int display, Path passwd, Path out) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("vncsnapshot", "-quality", "100", "-allowblank"));
        if (passwd != null) {
            cmd.add("-passwd");
            cmd.add(passwd.toString());
        }
        cmd.add("127.0.0.1:" + display);
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("vncsnapshot hung: " + output);
        }
        return new Run(p.exitValue(), output);
    }

    /** The glyph rows of {@code c}, from the display bundle's font resource. */
    static synchronized byte[] glyph(char c) throws IOException {
        if (font == null) {
            font = new byte[128][];
            try (InputStream in = VncTools.class.getClassLoader().getResourceAsStream("org/qmpd/display/console/font8x16.txt")) {
                if (in == null) {
                    throw new IOException("the display bundle's font is not on the test class path");
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                for (String line; (line = r.readLine()) != null;) {
                    if (line.startsWith("#")) {
                        continue;
                    }
                    String[] parts = line.split("\\s+");
                    byte[] rows = new byte[CELL_H];
                    for (int i = 0; i < CELL_H; i++) {
                        rows[i] = (byte) Integer.parseInt(parts[1].substring(2 * i, 2 * i + 2), 16);
                    }
                    font[Integer.parseInt(parts[0], 16)] = rows;
                }
            }
        }
        return font[c];
    }

    /** Whether pixel (x, y) of the cell of {@code c} is ink. */
    static boolean ink(char c, int x, int y) throws IOException {
        return (glyph(c)[y] & (0x80 >> x)) != 0;
    }

    /** A PPM (P6, maxval 255) as {@code int[height][width]} of 0xRRGGBB. */
    static int[][] readPpm(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        String[] header = new String(b, 0, Math.min(b.length, 32), StandardCharsets.US_ASCII).split("\\s+", 5);
        if (!header[0].equals("P6") || !header[3].equals("255")) {
            throw new IOException("not a binary PPM with maxval 255");
        }
        int w = Integer.parseInt(header[1]);
        int h = Integer.parseInt(header[2]);
        int offset = ("P6\n" + w + " " + h + "\n255\n").length();
        if (b.length != offset + 3 * w * h) {
            throw new IOException("PPM size " + b.length + " for " + w + "x" + h);
        }
        int[][] px = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = offset + 3 * (y * w + x);
                px[y][x] = (b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF);
            }
        }
        return px;
    }

    static int[][] readImage(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        int[][] px = new int[img.getHeight()][img.getWidth()];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                px[y][x] = img.getRGB(x, y) & 0xFFFFFF;
            }
        }
        return px;
    }

    /**
     * How many pixels of text cell ({@code row}, {@code col}) disagree with {@code c} drawn in
     * the console's colours; a pixel counts as ink when its green channel is over half way.
     */
    static int cellMismatches(int[][] px, int row, int col, char c) throws IOException {
        int bad = 0;
        for (int y = 0; y < CELL_H; y++) {
            for (int x = 0; x < CELL_W; x++) {
                boolean lit = ((px[row * CELL_H + y][col * CELL_W + x] >> 8) & 0xFF) > 0x55;
                if (lit != ink(c, x, y)) {
                    bad++;
                }
            }
        }
        return bad;
    }

    /** Whether the text cell shows exactly {@code c}, colours and all. */
    static boolean cellExact(int[][] px, int row, int col, char c) throws IOException {
        for (int y = 0; y < CELL_H; y++) {
            for (int x = 0; x < CELL_W; x++) {
                if (px[row * CELL_H + y][col * CELL_W + x] != (ink(c, x, y) ? FG : 0)) {
                    return false;
                }
            }
        }
        return true;
    }
}
