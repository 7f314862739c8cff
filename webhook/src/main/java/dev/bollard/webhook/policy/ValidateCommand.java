package dev.bollard.webhook.policy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;


import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bollard validate -f FILE}: the checks a policy meets at {@code kubectl apply}, offline, for
 * CI pipelines: the schema of the CRDs we ship (as the API server applies it) and the webhook's
 * rules. Prints one line per policy ({@code FILE: Kind ns/name: OK}) or per violation.
 * Exit 0 when all are valid, 1 when any is invalid, 2 when an input cannot be read or parsed.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate PeerAuthentication and AuthorizationPolicy manifests (multi-document YAML) offline.")
public final class ValidateCommand implements Callable<Integer> {
    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int UNREADABLE = 2;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "Manifest file to check; repeatable; '-' reads standard input.")
    List<String> files = new ArrayList<>();

    @Option(names = "--root-namespace", defaultValue = PolicySettings.DEFAULT_ROOT_NAMESPACE,
            description = "Namespace whose policies are mesh-wide (default: ${DEFAULT-VALUE}).")
    String rootNamespace;

    @Option(names = "--trust-domain", defaultValue = PolicySettings.DEFAULT_TRUST_DOMAIN,
            description = "This mesh's trust domain, for warnings (default: ${DEFAULT-VALUE}).")
    String trustDomain;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManifestReport.Checks checks = new ManifestReport.Checks(CrdSchemas.bundled(),
                new PolicyValidator(new PolicySettings(rootNamespace, trustDomain)));
        int status = OK;
        for (String file : files) {
            status = Math.max(status, check(file, checks, out, err));
        }
        out.flush();
        err.flush();
        return status;
    }

    private static int check(String file, ManifestReport.Checks checks, PrintWriter out, PrintWriter err) {
        String label = ManifestFiles.label(file);
        List<JsonNode> documents;
        try {
            documents = Manifests.read(new StringReader(ManifestFiles.read(file)));
        } catch (IOException | RuntimeException e) {
            err.println(label + ": cannot read: " + e.getMessage());
            return UNREADABLE;
        }
        int status = OK;
        for (int i = 0; i < documents.size(); i++) {
            status = Math.max(status, ManifestReport.print(label, i, documents.get(i), checks, out, err));
        }
        return status;
    }
}
