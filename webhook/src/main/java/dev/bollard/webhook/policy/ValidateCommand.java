package dev.bollard.webhook.policy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bollard validate -f FILE}: the webhook's checks offline, for CI pipelines. Prints one
 * line per policy ({@code FILE: Kind ns/name: OK}) or per violation, with the webhook's messages.
 * Exit 0 when all are valid, 1 when any is invalid, 2 when an input cannot be read or parsed.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate PeerAuthentication and AuthorizationPolicy manifests (multi-document YAML) offline.")
public final class ValidateCommand implements Callable<Integer> {
    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int UNREADABLE = 2;
    static final String STDIN = "-";
    /** Inputs above the API server's 3 MiB request limit could never be applied; refusing them bounds parse time. */
    static final int MAX_BYTES = 3 * 1024 * 1024;

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
        PolicyValidator validator = new PolicyValidator(new PolicySettings(rootNamespace, trustDomain));
        int status = OK;
        for (String file : files) {
            status = Math.max(status, check(file, validator, out, err));
        }
        out.flush();
        err.flush();
        return status;
    }

    private static int check(String file, PolicyValidator validator, PrintWriter out, PrintWriter err) {
        String label = STDIN.equals(file) ? "<stdin>" : file;
        List<JsonNode> documents;
        try (InputStream in = open(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                err.println(label + ": cannot read: larger than 3 MiB, the API server's limit for one request");
                return UNREADABLE;
            }
            documents = Manifests.read(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (java.nio.file.NoSuchFileException e) {
            err.println(label + ": cannot read: no such file");
            return UNREADABLE;
        } catch (IOException | RuntimeException e) {
            err.println(label + ": cannot read: " + e.getMessage());
            return UNREADABLE;
        }
        int status = OK;
        for (int i = 0; i < documents.size(); i++) {
            status = Math.max(status, ManifestReport.print(label, i, documents.get(i), validator, out, err));
        }
        return status;
    }

    private static InputStream open(String file) throws IOException {
        // stdin is not ours to close
        return STDIN.equals(file) ? new FilterInputStream(System.in) {
            @Override
            public void close() {
            }
        } : Files.newInputStream(Path.of(file));
    }
}
