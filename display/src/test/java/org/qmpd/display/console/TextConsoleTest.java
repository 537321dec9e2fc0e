package org.qmpd.display.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextConsoleTest {
    /** Whether cell (row, col) of the framebuffer shows exactly {@code c} (no cursor). */
    static boolean cellShows(Framebuffer fb, int row, int col, char c) {
        for (int y = 0; y < ConsoleFont.HEIGHT; y++) {
            for (int x = 0; x < ConsoleFont.WIDTH; x++) {
                int expected = ConsoleFont.ink(c, x, y) ? TextConsole.FOREGROUND : TextConsole.BACKGROUND;
                if (fb.pixel(col * 8 + x, row * 16 + y) != expected) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void bannerIsOnTheFirstRowAndTheCursorTwoRowsBelow() {
        TextConsole console = new TextConsole("hello");
        assertEquals("hello", console.row(0).strip());
        assertEquals(2, console.cursorRow());
        assertEquals(0, console.cursorColumn());
        assertEquals(640, console.framebuffer().width());
        assertEquals(400, console.framebuffer().height());
        for (int i = 0; i < 5; i++) {
            assertTrue(cellShows(console.framebuffer(), 0, i, "hello".charAt(i)));
        }
    }

    @Test
    void typedCharactersAreDrawnWithTheFont() {
        TextConsole console = new TextConsole("");
        console.write("Az~");
        assertEquals("Az~", console.row(2).strip());
        assertTrue(cellShows(console.framebuffer(), 2, 0, 'A'));
        assertTrue(cellShows(console.framebuffer(), 2, 1, 'z'));
        assertTrue(cellShows(console.framebuffer(), 2, 2, '~'));
    }

    @Test
    void backspaceErasesAndNewlineMovesDown() {
        TextConsole console = new TextConsole("");
        console.write("ab\bc\nd");
        assertEquals("ac", console.row(2).strip());
        assertEquals("d", console.row(3).strip());
        assertTrue(cellShows(console.framebuffer(), 2, 1, 'c'));
    }

    @Test
    void theScreenScrollsUpPastTheLastRow() {
        TextConsole console = new TextConsole("top");
        for (int i = 0; i < TextConsole.ROWS; i++) {
            console.write("line" + i + "\n");
        }
        assertEquals("line1", console.row(0).strip());
        assertEquals("line23", console.row(22).strip());
        assertEquals(TextConsole.ROWS - 1, console.cursorRow());
        assertTrue(cellShows(console.framebuffer(), 0, 4, '1'));
    }

    @Test
    void damageIsReportedForTheChangedCell() {
        TextConsole console = new TextConsole("");
        int[] last = new int[4];
        console.framebuffer().addListener((x, y, w, h) -> {
            last[0] = x;
            last[1] = y;
            last[2] = w;
            last[3] = h;
        });
        console.write("q");
        // the cursor moved on to column 1 and was drawn last
        assertEquals(8, last[0]);
        assertEquals(32, last[1]);
        assertEquals(8, last[2]);
        assertEquals(16, last[3]);
    }

    @Test
    void ppmHasAP6HeaderAndTheFramebufferBytes() throws Exception {
        TextConsole console = new TextConsole("x");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        console.framebuffer().writePpm(out);
        byte[] ppm = out.toByteArray();
        String header = "P6\n640 400\n255\n";
        assertEquals(header, new String(ppm, 0, header.length(), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(header.length() + 640 * 400 * 3, ppm.length);
        int ink = 0;
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 8; x++) {
                int i = header.length() + 3 * (y * 640 + x);
                boolean lit = (ppm[i] & 0xFF) == 0xAA;
                assertEquals(ConsoleFont.ink('x', x, y), lit);
                ink += lit ? 1 : 0;
            }
        }
        assertTrue(ink > 5);
    }
}
