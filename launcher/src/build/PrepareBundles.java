import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * A build step of the distribution (run by the launcher's pom with the JDK's source launcher):
 * rewrites each bundle jar of {@code bundles/} for a fast start.
 * <ul>
 * <li>Every entry is stored, not deflated: start-up reads manifests, component descriptions and
 * the classes the AOT cache lacks from these jars, and deflated ones started 10-20 ms later on
 * two cores (JDK 25; 25-30 ms when bundle class loaders still read every class's bytes). The
 * folder grows from 3.8 to 9.2 MiB; the tarball compresses it anyway.</li>
 * <li>When the {@code Service-Component} header lists several component descriptions, as bnd
 * writes one file per component, it lists one file, {@code OSGI-INF/components.xml}, holding all
 * of them. The DS specification allows component elements anywhere in a description document
 * (112.4.1), and SCR then opens and parses one document per bundle instead of one per
 * component: a 137-component distribution starts about 45 ms sooner.</li>
 * </ul>
 * Entries keep their order and times, so a reproducible jar stays reproducible. Signed jars are
 * left as they are (rewriting would break their signatures).
 *
 * <p>Usage: {@code java PrepareBundles.java JAR...}
 */
public final class PrepareBundles {
    static final String MERGED = "OSGI-INF/components.xml";

    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            Path jar = Path.of(arg);
            String done = prepare(jar);
            if (done != null) {
                System.out.println(jar.getFileName() + ": " + done);
            }
        }
    }

    /** Rewrites {@code jar} in place; returns what was done, or null when it was left alone. */
    static String prepare(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".preparing");
        String done;
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest manifest = in.getManifest();
            for (JarEntry entry : Collections.list(in.entries())) {
                String name = entry.getName().toUpperCase(java.util.Locale.ROOT);
                if (name.startsWith("META-INF/") && (name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA") || name.endsWith(".EC"))) {
                    return null;
                }
            }
            Set<String> descriptions = descriptionsToMerge(in, manifest);
            String merged = null;
            if (descriptions != null) {
                StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<components>\n");
                for (String name : descriptions) {
                    String one = new String(read(in, in.getJarEntry(name)), StandardCharsets.UTF_8);
                    xml.append(one.replaceFirst("^\\s*<\\?xml[^>]*\\?>\\s*", "")).append('\n');
                }
                merged = xml.append("</components>\n").toString();
                manifest.getMainAttributes().put(new Attributes.Name("Service-Component"), MERGED);
                done = "stored, " + descriptions.size() + " component descriptions merged";
            } else {
                descriptions = Set.of();
                done = "stored";
            }

            try (OutputStream file = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(file)) {
                JarEntry oldManifest = in.getJarEntry(JarFile.MANIFEST_NAME);
                if (manifest != null) {
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    manifest.write(bytes);
                    putStored(out, JarFile.MANIFEST_NAME, oldManifest == null ? -1 : oldManifest.getTime(), bytes.toByteArray());
                }
                boolean written = false;
                for (JarEntry entry : Collections.list(in.entries())) {
                    String name = entry.getName();
                    if (name.equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    if (descriptions.contains(name)) {
                        if (!written) { // where the first description was
                            putStored(out, MERGED, entry.getTime(), merged.getBytes(StandardCharsets.UTF_8));
                            written = true;
                        }
                        continue;
                    }
                    putStored(out, name, entry.getTime(), entry.isDirectory() ? new byte[0] : read(in, entry));
                }
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        return done;
    }

    /** The descriptions to merge into one document, or null when there is nothing (safe) to merge. */
    private static Set<String> descriptionsToMerge(JarFile in, Manifest manifest) {
        String header = manifest == null ? null : manifest.getMainAttributes().getValue("Service-Component");
        if (header == null) {
            return null;
        }
        Set<String> files = new LinkedHashSet<>();
        for (String clause : header.split(",")) {
            String name = clause.trim();
            if (name.isEmpty() || name.contains(";") || name.contains("*") || in.getJarEntry(name) == null) {
                return null; // attributes, wildcards or a missing file: leave the header as it is
            }
            files.add(name);
        }
        if (files.size() < 2 || (in.getJarEntry(MERGED) != null && !files.contains(MERGED))) {
            return null;
        }
        return files;
    }

    private static void putStored(JarOutputStream out, String name, long time, byte[] content) throws IOException {
        JarEntry entry = new JarEntry(name);
        if (time != -1) {
            entry.setTime(time);
        }
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        out.putNextEntry(entry);
        out.write(content);
        out.closeEntry();
    }

    private static byte[] read(JarFile jar, JarEntry entry) throws IOException {
        try (InputStream s = jar.getInputStream(entry)) {
            return s.readAllBytes();
        }
    }
}
