package dev.bollard.webhook.policy;

import java.io.PrintWriter;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** Prints the outcome of one YAML document for {@code bollard validate} and returns its exit status. */
final class ManifestReport {
    private ManifestReport() {
    }

    static int print(String file, int index, JsonNode document, PolicyValidator validator, PrintWriter out, PrintWriter err) {
        if (!document.isObject()) {
            err.println(file + ": document " + (index + 1) + ": not a Kubernetes object, found " + Nodes.typeName(document));
            return ValidateCommand.UNREADABLE;
        }
        if ("List".equals(document.path("kind").asText()) && document.path("items").isArray()) {
            int status = ValidateCommand.OK;
            for (JsonNode item : document.path("items")) {
                status = Math.max(status, print(file, index, item, validator, out, err));
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
        PolicyReport report = validator.report(doc.get());
        String prefix = file + ": " + doc.get().describe() + ": ";
        if (report.valid()) {
            out.println(prefix + "OK");
        }
        report.violations().forEach(v -> out.println(prefix + v));
        report.warnings().forEach(w -> out.println(prefix + "warning: " + w));
        return report.valid() ? ValidateCommand.OK : ValidateCommand.INVALID;
    }
}
