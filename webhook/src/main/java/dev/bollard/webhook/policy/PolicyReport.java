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

    /** {@code PeerAuthentication prod/default is invalid: <v1>; <v2>}: the text a deny carries. */
    public String denyMessage() {
        return document.describe() + " is invalid: "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }

    public List<String> warningMessages() {
        return warnings.stream().map(Violation::toString).toList();
    }
}
