package dev.bollard.webhook.ca;

import dev.bollard.identity.TrustDomain;

import dev.bollard.identity.SpiffeId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Development stand-in for TokenReview: lines {@code token,namespace,serviceaccount}; blank lines
 * and {@code #} comments are skipped. Only used when {@code bollard.ca.static-token-file} is set.
 */
final class StaticTokens {
    private final List<Entry> entries;

    private record Entry(byte[] token, String namespace, String serviceAccount) {
    }

    private StaticTokens(List<Entry> entries) {
        this.entries = entries;
    }

    static StaticTokens parse(String text, String source) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 3 || fields[0].isBlank() || fields[1].isBlank() || fields[2].isBlank()) {
                throw new IllegalArgumentException(source + " line " + (i + 1)
                        + ": expected 'token,namespace,serviceaccount' with three non-empty fields");
            }
            entries.add(new Entry(fields[0].strip().getBytes(StandardCharsets.UTF_8), fields[1].strip(), fields[2].strip()));
        }
        return new StaticTokens(entries);
    }

    static StaticTokens read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("read static token file " + file, e);
        }
    }

    /** The identity of {@code token}; compared in constant time so the file's tokens do not leak by timing. */
    Optional<SpiffeId> identity(String token, TrustDomain trustDomain) {
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        Entry match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.token(), presented)) {
                match = entry;
            }
        }
        return match == null ? Optional.empty()
                : Optional.of(SpiffeId.forServiceAccount(trustDomain, match.namespace(), match.serviceAccount()));
    }
}
