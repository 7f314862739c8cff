package dev.bollard.webhook.policy;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of validating one policy: every violation and every warning, in document order. */
public record PolicyReport(PolicyDocument document, List<Violation> violations, List<Violation> warnings) {
    public PolicyReport {
        violations = List.copyOf(violations);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return violations.isEmpty();
    }

    /** Violations listed in one deny message; a generated policy with thousands of bad entries gets a bounded answer. */
    public static final int MAX_LISTED = 100;

    /** {@code PeerAuthentication prod/default is invalid: <v1>; <v2>}: the text a deny carries. */
    public String denyMessage() {
        String listed = violations.stream().limit(MAX_LISTED).map(Violation::toString).collect(Collectors.joining("; "));
        int more = violations.size() - MAX_LISTED;
        return document.describe() + " is invalid: " + listed + (more > 0 ? "; and " + more + " more" : "");
    }

    /**
     * The warnings an admission answer carries, bounded like the deny message: most checks are advice
     * now, so a generated policy with thousands of odd values would otherwise get thousands of warnings.
     */
    public List<String> warningMessages() {
        List<String> listed = new java.util.ArrayList<>(warnings.stream().limit(MAX_LISTED).map(Violation::toString).toList());
        int more = warnings.size() - MAX_LISTED;
        if (more > 0) {
            listed.add("and " + more + " more warnings (bollard validate -f lists them all)");
        }
        return List.copyOf(listed);
    }
}
