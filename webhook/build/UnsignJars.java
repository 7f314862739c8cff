import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * Removes the signatures from the signed jars of a packaged webhook (lib/main: Bouncy Castle's and
 * ACCP's), run by the webhook's build after quarkus:build:
 *   java webhook/build/UnsignJars.java target/quarkus-app/lib/main
 * Why: the JDK verifies a signed jar as its classes load (the signature file's digest of a manifest
 * with one entry per class, then every class read digested again), and class-data sharing skips
 * signed jars altogether, so the ~200 Bouncy Castle classes of every start were read, digested and
 * verified each time: about 0.15 s of a 2.3 s start here. OpenJDK (the image is Temurin) does not
 * ask a JCE provider's jar to be signed; only Oracle's JDK does, and it is not what we ship on.
 * The jar's entries stay as they were; the signature files go, and the manifest keeps its main
 * attributes and any per-entry attribute that is not a digest.
 */
public final class UnsignJars {
    private static final Pattern SIGNATURE_FILE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)|META-INF/SIG-[^/]+");
    private static final Pattern DIGEST = Pattern.compile("(?i).+-Digest(-.+)?");

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: UnsignJars.java LIB_DIR");
        }
        List<String> unsigned = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            for (Path jar : jars) {
                if (unsign(jar)) {
                    unsigned.add(jar.getFileName().toString());
                }
            }
        }
        System.out.println("unsigned " + unsigned.size() + " jar(s)" + (unsigned.isEmpty() ? "" : ": " + String.join(", ", unsigned)));
    }

    /** Rewrites {@code jar} without its signature when it has one; true when it did. */
    static boolean unsign(Path jar) throws IOException {
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".unsigned");
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            if (in.stream().noneMatch(entry -> SIGNATURE_FILE.matcher(entry.getName()).matches())) {
                return false;
            }
            try (OutputStream file = Files.newOutputStream(rewritten); JarOutputStream out = new JarOutputStream(file)) {
                Enumeration<java.util.jar.JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (SIGNATURE_FILE.matcher(name).matches()) {
                        continue;
                    }
                    ZipEntry copy = new ZipEntry(name);
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    if (name.equals(JarFile.MANIFEST_NAME)) {
                        withoutDigests(in.getManifest()).write(out);
                    } else {
                        try (InputStream content = in.getInputStream(entry)) {
                            content.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    private static Manifest withoutDigests(Manifest signed) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putAll(signed.getMainAttributes());
        for (Map.Entry<String, Attributes> section : signed.getEntries().entrySet()) {
            Attributes kept = new Attributes();
            section.getValue().forEach((key, value) -> {
                if (!DIGEST.matcher(key.toString()).matches()) {
                    kept.put(key, value);
                }
            });
            if (!kept.isEmpty()) {
                manifest.getEntries().put(section.getKey(), kept);
            }
        }
        return manifest;
    }
}
