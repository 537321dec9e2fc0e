package org.qmpd.rocker.hmp;

/**
 * The arguments of the rocker {@code info} commands: a switch name, then an optional integer,
 * split on blanks as 2.4's monitor splits {@code s} and {@code i?} arguments.
 */
final class HmpArgs {
    final String name;
    final Long number;
    final String error;

    private HmpArgs(String name, Long number, String error) {
        this.name = name;
        this.number = number;
        this.error = error;
    }

    static HmpArgs parse(String command, String text, boolean withNumber) {
        String[] words = text.strip().isEmpty() ? new String[0] : text.strip().split("\\s+");
        if (words.length == 0) {
            return new HmpArgs(null, null, command + ": string expected\n");
        }
        if (words.length > (withNumber ? 2 : 1)) {
            return new HmpArgs(null, null, command + ": extraneous characters at the end of line\n");
        }
        Long number = null;
        if (words.length == 2) {
            try {
                number = Long.decode(words[1]);
            } catch (NumberFormatException e) {
                return new HmpArgs(null, null, "invalid char in expression\n");
            }
        }
        return new HmpArgs(words[0], number, null);
    }
}
