package org.qmpd.launcher.it.block;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Shorthands of the block tests; the tools themselves are run through {@code HostTools}. */
final class Tools {
    private Tools() {
    }

    static String nbdUri(Path socket, String export) {
        return "nbd+unix:///" + export + "?socket=" + socket;
    }

    static Map<String, Object> unixAddr(Path socket) {
        return Map.of("type", "unix", "data", Map.of("path", socket.toString()));
    }

    static List<String> list(String... s) {
        return Arrays.asList(s);
    }
}
