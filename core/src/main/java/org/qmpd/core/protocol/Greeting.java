package org.qmpd.core.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.qmpd.core.json.Json;

/**
 * The version qmpd reports (QEMU 2.4.0, with the package naming qmpd, as QEMU distributions
 * fill it in: {@code " (qmpd 0.1.0)"}) and the greeting built from it.
 */
public final class Greeting {
    public static final int MAJOR = 2;
    public static final int MINOR = 4;
    public static final int MICRO = 0;
    public static final String QMPD_VERSION = loadVersion();
    public static final String PACKAGE = " (qmpd " + QMPD_VERSION + ")";

    private static final byte[] GREETING = QmpEncoder.encodeMessage(greeting(), false);
    private static final byte[] PRETTY_GREETING = QmpEncoder.encodeMessage(greeting(), true);

    private Greeting() {
    }

    /** {@code VersionInfo}: {@code {"qemu": {"major", "minor", "micro"}, "package"}}. */
    public static ObjectNode versionInfo() {
        ObjectNode version = Json.object();
        ObjectNode qemu = version.putObject("qemu");
        qemu.put("major", MAJOR);
        qemu.put("minor", MINOR);
        qemu.put("micro", MICRO);
        version.put("package", PACKAGE);
        return version;
    }

    private static ObjectNode greeting() {
        ObjectNode greeting = Json.object();
        ObjectNode qmp = greeting.putObject("QMP");
        qmp.set("version", versionInfo());
        qmp.putArray("capabilities");
        return greeting;
    }

    /** The greeting message, CRLF included. */
    public static byte[] bytes() {
        return GREETING;
    }

    /** The greeting in the layout of a {@code pretty=on} monitor. */
    public static byte[] bytes(boolean pretty) {
        return pretty ? PRETTY_GREETING : GREETING;
    }

    private static String loadVersion() {
        try (InputStream in = Greeting.class.getResourceAsStream("/org/qmpd/core/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("qmpd.version", "0.0.0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
