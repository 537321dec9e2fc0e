package org.qmpd.display.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KeyboardTest {
    private final TextConsole console = new TextConsole("");
    private final Keyboard keyboard = new Keyboard(console);

    private void tap(String qcode) {
        keyboard.key(KeyCodes.qcodeNumber(qcode), true);
        keyboard.key(KeyCodes.qcodeNumber(qcode), false);
    }

    @Test
    void lettersDigitsAndPunctuationTypeAsOnAUsKeyboard() {
        for (String q : new String[] {"h", "i", "spc", "1", "minus", "slash", "semicolon", "bracket_left", "grave_accent", "kp_7"}) {
            tap(q);
        }
        assertEquals("hi 1-/;[`7", console.row(2).strip());
    }

    @Test
    void shiftIsHeldAcrossTheKeysPressedWithIt() {
        keyboard.key(KeyCodes.SHIFT, true);
        tap("a");
        tap("1");
        tap("apostrophe");
        keyboard.key(KeyCodes.SHIFT, false);
        tap("a");
        assertEquals("A!\"a", console.row(2).strip());
    }

    @Test
    void capsLockTogglesLettersOnly() {
        tap("caps_lock");
        tap("a");
        tap("2");
        keyboard.key(KeyCodes.SHIFT_R, true);
        tap("b");
        keyboard.key(KeyCodes.SHIFT_R, false);
        tap("caps_lock");
        tap("c");
        assertEquals("A2bc", console.row(2).strip());
    }

    @Test
    void ctrlAndAltChordsTypeNothing() {
        keyboard.key(KeyCodes.CTRL, true);
        tap("c");
        keyboard.key(KeyCodes.CTRL, false);
        keyboard.key(KeyCodes.ALT, true);
        tap("x");
        keyboard.key(KeyCodes.ALT, false);
        tap("y");
        assertEquals("y", console.row(2).strip());
    }

    @Test
    void returnBackspaceAndTabEdit() {
        tap("a");
        tap("b");
        tap("backspace");
        tap("ret");
        tap("tab");
        tap("z");
        assertEquals("a", console.row(2).strip());
        assertEquals("        z", console.row(3).stripTrailing());
    }

    @Test
    void keysymsMapToTheKeysThatTypeThem() {
        assertEquals(KeyCodes.qcodeNumber("a"), KeyCodes.keysymNumber('a'));
        assertEquals(KeyCodes.qcodeNumber("a"), KeyCodes.keysymNumber('A'));
        assertEquals(KeyCodes.qcodeNumber("8"), KeyCodes.keysymNumber('*'));
        assertEquals(KeyCodes.qcodeNumber("slash"), KeyCodes.keysymNumber('/'));
        assertEquals(KeyCodes.qcodeNumber("ret"), KeyCodes.keysymNumber(0xff0d));
        assertEquals(KeyCodes.SHIFT, KeyCodes.keysymNumber(0xffe1));
        assertEquals(-1, KeyCodes.keysymNumber(0x1234));
    }

    @Test
    void qcodeNumbersAreQemus() {
        assertEquals(30, KeyCodes.qcodeNumber("a"));
        assertEquals(0x1d, KeyCodes.qcodeNumber("ctrl"));
        assertEquals(0x9d, KeyCodes.qcodeNumber("ctrl_r"));
        assertEquals(0xd3, KeyCodes.qcodeNumber("delete"));
        assertEquals(0x7e, KeyCodes.qcodeNumber("kp_comma"));
        assertEquals(0, KeyCodes.qcodeNumber("unmapped"));
        assertEquals(-1, KeyCodes.qcodeNumber("nosuchkey"));
        assertEquals(-1, KeyCodes.qcodeNumber("A"));
    }
}
