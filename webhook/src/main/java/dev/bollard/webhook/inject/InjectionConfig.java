package dev.bollard.webhook.inject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Injection settings ({@code bollard.inject.*}). */
@ConfigMapping(prefix = "bollard.inject")
public interface InjectionConfig {

    /** A mounted injection template (e.g. a ConfigMap key) replacing the built-in one; reloaded on change. */
    Optional<Path> templatePath();

    /** A mounted values.yaml replacing the built-in defaults; reloaded on change. */
    Optional<Path> valuesPath();

    /**
     * A mounted ConfigMap directory: its {@code values.yaml} and {@code injection-template.yaml}
     * keys, where present, replace the built-in ones (the explicit paths above win). A key added,
     * changed or removed later applies at the next reload.
     */
    Optional<Path> configDir();

    /** How often mounted template and values files are checked for a change. */
    @WithDefault("5s")
    Duration reloadInterval();

    /**
     * Namespaces never injected, whatever their labels say: Istio's list (the system namespaces
     * and kind's local-path-storage), whose pods must run before or without the mesh.
     */
    @WithDefault(DEFAULT_IGNORED_NAMESPACES)
    Set<String> ignoredNamespaces();

    /** The default of {@link #ignoredNamespaces()}, also {@code bollard kube-inject}'s. */
    String DEFAULT_IGNORED_NAMESPACES = "kube-system,kube-public,kube-node-lease,local-path-storage";
}
