package dev.bollard.webhook.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.bollard.identity.TrustDomain;
import dev.bollard.webhook.inject.LoadedSidecar;
import dev.bollard.webhook.inject.PodInjection;
import dev.bollard.webhook.inject.SidecarSources;
import dev.bollard.webhook.kubeinject.ManifestInjector;
import dev.bollard.webhook.kubeinject.PodTemplateInjector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import dev.bollard.webhook.policy.ManifestFiles;

/**
 * {@code bollard kube-inject -f FILE}: the webhook's injection offline, as {@code istioctl
 * kube-inject}: the manifests with their pods injected on stdout, notes on stderr. Exit 0 when
 * every document was written, 1 when a document was refused (left out, with its reason), 2 when
 * an input, the template or the values cannot be read or parsed.
 */
@Command(name = "kube-inject", mixinStandardHelpOptions = true,
        description = "Inject the sidecar into the pods of Kubernetes manifests (multi-document YAML) offline.")
public final class KubeInjectCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int UNREADABLE = 2;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "Manifest file to inject; repeatable; '-' reads standard input.")
    List<String> files = new ArrayList<>();

    @Option(names = "--values", paramLabel = "FILE", description = "values.yaml to use instead of the built-in one.")
    Path values;

    @Option(names = "--template", paramLabel = "FILE", description = "Injection template to use instead of the built-in one.")
    Path template;

    @Option(names = "--trust-domain", defaultValue = "cluster.local",
            description = "The mesh's trust domain, for the workload identity (default: ${DEFAULT-VALUE}).")
    String trustDomain;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default",
            description = "Namespace of objects without metadata.namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--ignored-namespaces", split = ",", defaultValue = dev.bollard.webhook.inject.InjectionConfig.DEFAULT_IGNORED_NAMESPACES,
            description = "Namespaces never injected, as the webhook's bollard.inject.ignored-namespaces (default: ${DEFAULT-VALUE}).")
    Set<String> ignoredNamespaces = new LinkedHashSet<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManifestInjector injector;
        try {
            injector = injector();
        } catch (RuntimeException e) {
            err.println("kube-inject: cannot load the sidecar template or values: " + e.getMessage());
            err.flush();
            return UNREADABLE;
        }
        int status = OK;
        boolean written = false;
        for (String file : files) {
            String label = ManifestFiles.label(file);
            Optional<String> text = read(file, label, err);
            if (text.isEmpty()) {
                status = Math.max(status, UNREADABLE);
                continue;
            }
            ManifestInjector.Report report;
            try {
                report = injector.inject(label, text.get());
            } catch (IllegalArgumentException e) {
                err.println(label + ": cannot read: " + e.getMessage());
                status = Math.max(status, UNREADABLE);
                continue;
            }
            report.messages().forEach(err::println);
            if (!report.output().isEmpty()) {
                // the next input's first document must not run on into the last one of this
                if (written && !report.output().startsWith("---")) {
                    out.print("---\n");
                }
                out.print(report.output());
                written = true;
            }
            status = Math.max(status, report.refused() ? REFUSED : OK);
        }
        out.flush();
        err.flush();
        return status;
    }

    private ManifestInjector injector() {
        // the webhook's own loading: every named template, each checked against the values
        LoadedSidecar loaded = LoadedSidecar.parse(SidecarSources.templates(Optional.ofNullable(template)),
                SidecarSources.values(Optional.ofNullable(values)));
        PodInjection injection = new PodInjection(loaded.injector(), loaded.values(), ignoredNamespaces,
                TrustDomain.parse(trustDomain));
        return new ManifestInjector(new PodTemplateInjector(injection, namespace));
    }

    private static Optional<String> read(String file, String label, PrintWriter err) {
        try {
            return Optional.of(ManifestFiles.read(file));
        } catch (IOException | RuntimeException e) {
            err.println(label + ": cannot read: " + e.getMessage());
            return Optional.empty();
        }
    }
}
