package dev.bollard.webhook.inject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import dev.bollard.webhook.ca.CaConfig;

/** The mutating webhook as production builds it (shipped template and values), without CDI. */
public final class TestSidecarAdmission {
    private TestSidecarAdmission() {
    }

    /** Trust domain {@code cluster.local}, the default ignored namespaces, nothing mounted. */
    public static SidecarAdmission shipped(CaConfig ca) {
        InjectionConfig config = new InjectionConfig() {
            @Override
            public Optional<Path> templatePath() {
                return Optional.empty();
            }

            @Override
            public Optional<Path> valuesPath() {
                return Optional.empty();
            }

            @Override
            public Optional<Path> configDir() {
                return Optional.empty();
            }

            @Override
            public Duration reloadInterval() {
                return Duration.ofHours(1);
            }

            @Override
            public Set<String> ignoredNamespaces() {
                return Set.of(InjectionConfig.DEFAULT_IGNORED_NAMESPACES.split(","));
            }
        };
        return new SidecarAdmission(new SidecarConfiguration(config), config, ca);
    }
}
