package org.qmpd.display.console;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Key numbering as QEMU 2.4's {@code ui/input-keymap.c} has it: each {@code QKeyCode} has a
 * "number", the PC XT scancode with {@code 0x80} added for the {@code 0xE0}-prefixed grey keys
 * (so {@code a} is 30 and right ctrl is {@code 0x9d}); {@code send-key}'s number keys are
 * these numbers. The US layout gives each number the characters it types, and the X11 keysyms
 * a VNC client sends map back to numbers the same way QEMU's {@code en-us} keymap does.
 */
public final class KeyCodes {
    /** The 2.4 {@code QKeyCode} enum, in schema order, with its numbers. */
    private static final Map<String, Integer> QCODES;
    /** Number to the characters it types, unshifted and shifted. */
    private static final Map<Integer, String> CHARS = new HashMap<>();
    private static final Map<Integer, Integer> KEYSYMS = new HashMap<>();

    public static final int SHIFT = 0x2a;
    public static final int SHIFT_R = 0x36;
    public static final int CTRL = 0x1d;
    public static final int CTRL_R = 0x9d;
    public static final int ALT = 0x38;
    public static final int ALT_R = 0xb8;
    public static final int CAPS_LOCK = 0x3a;
    public static final int RET = 0x1c;
    public static final int KP_ENTER = 0x9c;
    public static final int BACKSPACE = 0x0e;
    public static final int TAB = 0x0f;

    static {
        Map<String, Integer> q = new LinkedHashMap<>();
        q.put("unmapped", 0);
        q.put("shift", SHIFT);
        q.put("shift_r", SHIFT_R);
        q.put("alt", ALT);
        q.put("alt_r", ALT_R);
        q.put("altgr", 0x64);
        q.put("altgr_r", 0xe4);
        q.put("ctrl", CTRL);
        q.put("ctrl_r", CTRL_R);
        q.put("menu", 0xdd);
        q.put("esc", 0x01);
        String digits = "1234567890";
        for (int i = 0; i < digits.length(); i++) {
            q.put(String.valueOf(digits.charAt(i)), 0x02 + i);
        }
        q.put("minus", 0x0c);
        q.put("equal", 0x0d);
        q.put("backspace", BACKSPACE);
        q.put("tab", TAB);
        row(q, "qwertyuiop", 0x10);
        q.put("bracket_left", 0x1a);
        q.put("bracket_right", 0x1b);
        q.put("ret", RET);
        row(q, "asdfghjkl", 0x1e);
        q.put("semicolon", 0x27);
        q.put("apostrophe", 0x28);
        q.put("grave_accent", 0x29);
        q.put("backslash", 0x2b);
        row(q, "zxcvbnm", 0x2c);
        q.put("comma", 0x33);
        q.put("dot", 0x34);
        q.put("slash", 0x35);
        q.put("asterisk", 0x37);
        q.put("spc", 0x39);
        q.put("caps_lock", CAPS_LOCK);
        for (int i = 1; i <= 10; i++) {
            q.put("f" + i, 0x3a + i);
        }
        q.put("num_lock", 0x45);
        q.put("scroll_lock", 0x46);
        q.put("kp_divide", 0xb5);
        q.put("kp_multiply", 0x37);
        q.put("kp_subtract", 0x4a);
        q.put("kp_add", 0x4e);
        q.put("kp_enter", KP_ENTER);
        q.put("kp_decimal", 0x53);
        q.put("sysrq", 0x54);
        int[] keypad = {0x52, 0x4f, 0x50, 0x51, 0x4b, 0x4c, 0x4d, 0x47, 0x48, 0x49};
        for (int i = 0; i < 10; i++) {
            q.put("kp_" + i, keypad[i]);
        }
        q.put("less", 0x56);
        q.put("f11", 0x57);
        q.put("f12", 0x58);
        q.put("print", 0xb7);
        q.put("home", 0xc7);
        q.put("pgup", 0xc9);
        q.put("pgdn", 0xd1);
        q.put("end", 0xcf);
        q.put("left", 0xcb);
        q.put("up", 0xc8);
        q.put("down", 0xd0);
        q.put("right", 0xcd);
        q.put("insert", 0xd2);
        q.put("delete", 0xd3);
        q.put("stop", 0xe8);
        q.put("again", 0xe5);
        q.put("props", 0xe6);
        q.put("undo", 0xe7);
        q.put("front", 0xec);
        q.put("copy", 0xf8);
        q.put("open", 0x64);
        q.put("paste", 0x65);
        q.put("find", 0xc1);
        q.put("cut", 0xbc);
        q.put("lf", 0x5b);
        q.put("help", 0xf5);
        q.put("meta_l", 0xdb);
        q.put("meta_r", 0xdc);
        q.put("compose", 0xdd);
        q.put("pause", 0xc6);
        q.put("ro", 0x73);
        q.put("kp_comma", 0x7e);
        QCODES = Collections.unmodifiableMap(q);

        chars("1234567890", "!@#$%^&*()", 0x02);
        chars("-=", "_+", 0x0c);
        chars("qwertyuiop[]", "QWERTYUIOP{}", 0x10);
        chars("asdfghjkl;'`", "ASDFGHJKL:\"~", 0x1e);
        chars("\\zxcvbnm,./", "|ZXCVBNM<>?", 0x2b);
        CHARS.put(0x39, "  ");
        CHARS.put(0x37, "**");
        CHARS.put(0x4a, "--");
        CHARS.put(0x4e, "++");
        CHARS.put(0xb5, "//");
        CHARS.put(0x53, "..");
        for (int i = 0; i < 10; i++) {
            CHARS.put(keypad[i], String.valueOf((char) ('0' + i)).repeat(2));
        }
        for (Map.Entry<Integer, String> e : CHARS.entrySet()) {
            if (e.getKey() >= 0x47 || e.getKey() == 0x37) {
                continue; // the keypad: the main keys own these keysyms
            }
            KEYSYMS.putIfAbsent((int) e.getValue().charAt(0), e.getKey());
            KEYSYMS.putIfAbsent((int) e.getValue().charAt(1), e.getKey());
        }
        KEYSYMS.put(0xff08, BACKSPACE);
        KEYSYMS.put(0xff09, TAB);
        KEYSYMS.put(0xff0d, RET);
        KEYSYMS.put(0xff1b, 0x01);
        KEYSYMS.put(0xffff, 0xd3);
        KEYSYMS.put(0xffe1, SHIFT);
        KEYSYMS.put(0xffe2, SHIFT_R);
        KEYSYMS.put(0xffe3, CTRL);
        KEYSYMS.put(0xffe4, CTRL_R);
        KEYSYMS.put(0xffe5, CAPS_LOCK);
        KEYSYMS.put(0xffe9, ALT);
        KEYSYMS.put(0xffea, ALT_R);
        KEYSYMS.put(0xffe7, 0xdb);
        KEYSYMS.put(0xffe8, 0xdc);
        KEYSYMS.put(0xffeb, 0xdb);
        KEYSYMS.put(0xffec, 0xdc);
        KEYSYMS.put(0xff50, 0xc7);
        KEYSYMS.put(0xff51, 0xcb);
        KEYSYMS.put(0xff52, 0xc8);
        KEYSYMS.put(0xff53, 0xcd);
        KEYSYMS.put(0xff54, 0xd0);
        KEYSYMS.put(0xff55, 0xc9);
        KEYSYMS.put(0xff56, 0xd1);
        KEYSYMS.put(0xff57, 0xcf);
        KEYSYMS.put(0xff63, 0xd2);
        KEYSYMS.put(0xff8d, KP_ENTER);
        for (int i = 0; i < 10; i++) {
            KEYSYMS.put(0xffbe + i, 0x3b + i);
            KEYSYMS.put(0xffb0 + i, keypad[i]);
        }
        KEYSYMS.put(0xffc8, 0x57);
        KEYSYMS.put(0xffc9, 0x58);
    }

    private KeyCodes() {
    }

    private static void row(Map<String, Integer> q, String letters, int first) {
        for (int i = 0; i < letters.length(); i++) {
            q.put(String.valueOf(letters.charAt(i)), first + i);
        }
    }

    private static void chars(String normal, String shifted, int first) {
        for (int i = 0; i < normal.length(); i++) {
            int number = first + i;
            if (first == 0x2b && i > 0) {
                number = 0x2c + i - 1;
            }
            CHARS.put(number, "" + normal.charAt(i) + shifted.charAt(i));
        }
    }

    /** The number of {@code qcode}, or -1 if 2.4's {@code QKeyCode} has no such member. */
    public static int qcodeNumber(String qcode) {
        Integer n = QCODES.get(qcode);
        return n == null ? -1 : n;
    }

    /** The character key {@code number} types, shifted or not, or 0 if it types none. */
    public static char character(int number, boolean shifted) {
        String s = CHARS.get(number);
        return s == null ? 0 : s.charAt(shifted ? 1 : 0);
    }

    /** The key an X11 keysym comes from on a US keyboard, or -1. */
    public static int keysymNumber(int keysym) {
        Integer n = KEYSYMS.get(keysym);
        return n == null ? -1 : n;
    }
}
