package org.qmpd.display.console;

/**
 * The guest's keyboard, typing into the {@link TextConsole}: it receives key presses and
 * releases by key number ({@link KeyCodes}), keeps the state of shift, ctrl, alt and caps lock,
 * and on each press of a character key types what a US keyboard types. Ctrl and alt chords
 * type nothing; return and keypad enter start a new line, backspace erases.
 */
public final class Keyboard {
    private final TextConsole console;
    private boolean shiftLeft;
    private boolean shiftRight;
    private boolean ctrl;
    private boolean alt;
    private boolean capsLock;
    private long events;

    public Keyboard(TextConsole console) {
        this.console = console;
    }

    /** One key event: {@code number} as {@link KeyCodes} numbers keys, pressed or released. */
    public synchronized void key(int number, boolean down) {
        events++;
        switch (number) {
            case KeyCodes.SHIFT -> shiftLeft = down;
            case KeyCodes.SHIFT_R -> shiftRight = down;
            case KeyCodes.CTRL, KeyCodes.CTRL_R -> ctrl = down;
            case KeyCodes.ALT, KeyCodes.ALT_R -> alt = down;
            case KeyCodes.CAPS_LOCK -> capsLock ^= down;
            default -> {
                if (down && !ctrl && !alt) {
                    type(number);
                }
            }
        }
    }

    /** How many key events arrived so far. */
    public synchronized long events() {
        return events;
    }

    private void type(int number) {
        switch (number) {
            case KeyCodes.RET, KeyCodes.KP_ENTER -> console.put('\n');
            case KeyCodes.BACKSPACE -> console.put('\b');
            case KeyCodes.TAB -> console.put('\t');
            default -> {
                boolean shifted = shiftLeft || shiftRight;
                char c = KeyCodes.character(number, false);
                if (capsLock && c >= 'a' && c <= 'z') {
                    shifted = !shifted;
                }
                c = KeyCodes.character(number, shifted);
                if (c != 0) {
                    console.put(c);
                }
            }
        }
    }
}
