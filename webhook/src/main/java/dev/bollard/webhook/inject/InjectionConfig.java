package dev.bollard.webhook.inject;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Injection settings ({@code bollard.inject.*}). */
@ConfigMapping(prefix = "bollard.inject")
public interface InjectionConfig {

    /** A mounted injection template (e.g. a ConfigMap) replacing the built-in one. */
    Optional<Path> templatePath();

    /** A mounted values.yaml replacing the built-in defaults. */
    Optional<Path> valuesPath();

    /** Namespaces never injected, whatever their labels say. Default: kube-system, kube-public. */
    @WithDefault("kube-system,kube-public")
    Set<String> ignoredNamespaces();
}
