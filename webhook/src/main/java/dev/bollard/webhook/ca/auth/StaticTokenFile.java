package dev.bollard.webhook.ca.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

import org.jboss.logging.Logger;
import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.Refusal;

/**
 * The development token file, read again only when it changes (size, modification time or the
 * file itself), so that each malformed line is logged once per edit rather than on every request.
 * A file that cannot be read is a 503 naming it; the CA keeps no stale copy, as a removed file
 * means no tokens. Requests of an unchanged file share the tokens read without a lock: each
 * request's check was one {@code stat} plus a version string built inside a lock, which queued
 * the CA's threads behind each other (the development setup is what {@code make bench} drives).
 */
final class StaticTokenFile {
    private static final Logger LOG = Logger.getLogger(StaticTokenFile.class);

    private final Path file;
    private volatile Loaded loaded;

    private record Version(long size, FileTime modified, Object fileKey) {
    }

    private record Loaded(Version version, StaticTokens tokens) {
    }

    StaticTokenFile(Path file) {
        this.file = file;
    }

    StaticTokens current() {
        Version now;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            now = new Version(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
        Loaded seen = loaded;
        return seen != null && seen.version().equals(now) ? seen.tokens() : reload(now);
    }

    private synchronized StaticTokens reload(Version now) {
        Loaded seen = loaded;
        if (seen != null && seen.version().equals(now)) {
            // another request read this version while this one waited
            return seen.tokens();
        }
        try {
            StaticTokens read = StaticTokens.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString());
            read.problems().forEach(problem -> LOG.warnf("static token file: %s", problem));
            loaded = new Loaded(now, read);
            return read;
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    private CaRefusedException unreadable(Exception e) {
        loaded = null;
        return new CaRefusedException(Refusal.UNAVAILABLE, "static token file " + file
                + (e instanceof NoSuchFileException ? " does not exist" : " cannot be read"));
    }
}
