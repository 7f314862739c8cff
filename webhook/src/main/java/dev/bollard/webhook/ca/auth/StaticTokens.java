package dev.bollard.webhook.ca.auth;

import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Development stand-in for TokenReview: lines {@code token,namespace,serviceaccount}; blank lines
 * and {@code #} comments are skipped. Only used when {@code bollard.ca.static-token-file} is set.
 * A malformed line is skipped and reported as a {@link #problems() problem} naming the file and
 * line (never its content, which may hold a token); the other lines keep working.
 */
final class StaticTokens {
    // names are checked when the file is read, so a bad one is a skipped line, not a failed request
    private static final TrustDomain ANY_DOMAIN = new TrustDomain("cluster.local");
    private final List<Entry> entries;
    private final List<String> problems;

    private record Entry(byte[] token, String namespace, String serviceAccount) {
    }

    private StaticTokens(List<Entry> entries, List<String> problems) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
    }

    static StaticTokens parse(String text, String source) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 3 || fields[0].isBlank() || fields[1].isBlank() || fields[2].isBlank()) {
                problems.add(source + " line " + (i + 1) + ": expected 'token,namespace,serviceaccount' with three non-empty"
                        + " fields, found " + fields.length + " field" + (fields.length == 1 ? "" : "s") + "; line skipped");
                continue;
            }
            try {
                SpiffeId.forServiceAccount(ANY_DOMAIN, fields[1].strip(), fields[2].strip());
            } catch (IllegalArgumentException e) {
                problems.add(source + " line " + (i + 1) + ": " + e.getMessage() + "; line skipped");
                continue;
            }
            entries.add(new Entry(fields[0].strip().getBytes(StandardCharsets.UTF_8), fields[1].strip(), fields[2].strip()));
        }
        return new StaticTokens(entries, problems);
    }

    /** The malformed lines, as messages naming the file and line. */
    List<String> problems() {
        return problems;
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
