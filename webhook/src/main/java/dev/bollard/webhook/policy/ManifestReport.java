package dev.bollard.webhook.policy;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Prints the outcome of one YAML document for {@code bollard validate} and returns its exit status:
 * first what the CRD schema refuses (the API server refuses it before calling the webhook), then
 * the webhook's own violations, less those at a path the schema already reported.
 */
final class ManifestReport {
    private ManifestReport() {
    }

    static int print(String file, int index, JsonNode document, Checks checks, PrintWriter out, PrintWriter err) {
        if (!document.isObject()) {
            err.println(file + ": document " + (index + 1) + ": not a Kubernetes object, found " + Nodes.typeName(document));
            return ValidateCommand.UNREADABLE;
        }
        if ("List".equals(document.path("kind").asText()) && document.path("items").isArray()) {
            int status = ValidateCommand.OK;
            for (JsonNode item : document.path("items")) {
                status = Math.max(status, print(file, index, item, checks, out, err));
            }
            return status;
        }
        Optional<PolicyDocument> doc = PolicyDocument.of(document, PolicyDocument.DEFAULT_NAMESPACE, null);
        if (doc.isEmpty()) {
            out.println(file + ": " + document.path("kind").asText("<no kind>") + " "
                    + document.path("metadata").path("name").asText(PolicyDocument.NO_NAME)
                    + ": skipped (not a " + PolicyKind.GROUP + " v1/v1beta1 PeerAuthentication or AuthorizationPolicy)");
            return ValidateCommand.OK;
        }
        List<Violation> schema = checks.schemas().forDocument(doc.get()).map(c -> c.check(document)).orElse(List.of());
        PolicyReport report = checks.validator().report(doc.get());
        Set<String> reported = schema.stream().map(Violation::path).collect(Collectors.toSet());
        List<Violation> violations = report.violations().stream().filter(v -> !reported.contains(v.path())).toList();
        boolean valid = schema.isEmpty() && report.valid();
        String prefix = file + ": " + doc.get().describe() + ": ";
        if (valid) {
            out.println(prefix + "OK");
        }
        schema.forEach(v -> out.println(prefix + v));
        violations.forEach(v -> out.println(prefix + v));
        report.warnings().forEach(w -> out.println(prefix + "warning: " + w));
        return valid ? ValidateCommand.OK : ValidateCommand.INVALID;
    }

    /** What a document is checked against: the shipped CRDs' schemas, then the webhook's rules. */
    record Checks(CrdSchemas schemas, PolicyValidator validator) {
    }
}
