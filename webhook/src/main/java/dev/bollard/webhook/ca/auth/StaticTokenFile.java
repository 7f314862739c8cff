package dev.bollard.webhook.ca.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import org.jboss.logging.Logger;
import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.Refusal;

/**
 * The development token file, read again only when it changes (size or modification time), so
 * that each malformed line is logged once per edit rather than on every request. A file that
 * cannot be read is a 503 naming it; the CA keeps no stale copy, as a removed file means no tokens.
 */
final class StaticTokenFile {
    private static final Logger LOG = Logger.getLogger(StaticTokenFile.class);

    private final Path file;
    private String version = "";
    private StaticTokens tokens;

    StaticTokenFile(Path file) {
        this.file = file;
    }

    synchronized StaticTokens current() {
        String now;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            now = attributes.size() + "@" + attributes.lastModifiedTime().toInstant() + "#" + attributes.fileKey();
            if (tokens == null || !now.equals(version)) {
                StaticTokens read = StaticTokens.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString());
                read.problems().forEach(problem -> LOG.warnf("static token file: %s", problem));
                tokens = read;
                version = now;
            }
        } catch (NoSuchFileException e) {
            tokens = null;
            throw unavailable("static token file " + file + " does not exist");
        } catch (IOException | RuntimeException e) {
            tokens = null;
            throw unavailable("static token file " + file + " cannot be read");
        }
        return tokens;
    }

    private static CaRefusedException unavailable(String message) {
        return new CaRefusedException(Refusal.UNAVAILABLE, message);
    }
}
