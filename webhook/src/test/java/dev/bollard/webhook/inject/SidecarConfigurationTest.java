package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarConfigurationTest {

    private static InjectionConfig config(Optional<Path> template, Optional<Path> values) {
        return new InjectionConfig() {
            @Override
            public Optional<Path> templatePath() {
                return template;
            }

            @Override
            public Optional<Path> valuesPath() {
                return values;
            }

            @Override
            public Set<String> ignoredNamespaces() {
                return Set.of("kube-system");
            }
        };
    }

    @Test
    void loadsTheBuiltInTemplateAndValues() {
        assertTrue(new SidecarConfiguration(config(Optional.empty(), Optional.empty())).loaded());
    }

    @Test
    void aMountedValuesFileReplacesTheDefaults(@TempDir Path dir) throws IOException {
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, SidecarSources.values(Optional.empty()).replace("ghcr.io/bollard/proxy:0.1.0",
                "registry.local/agent:custom"));
        SidecarConfiguration sidecar = new SidecarConfiguration(config(Optional.empty(), Optional.of(values)));
        assertEquals("registry.local/agent:custom", sidecar.values().images().proxy());
    }

    @Test
    void aBrokenTemplateKeepsTheServiceUnreadyWithTheReason(@TempDir Path dir) throws IOException {
        Path template = dir.resolve("injection-template.yaml");
        Files.writeString(template, "containers:\n- name: {values.nosuch}\n");
        SidecarConfiguration sidecar = new SidecarConfiguration(config(Optional.of(template), Optional.empty()));
        assertFalse(sidecar.loaded());
        assertTrue(sidecar.problem().contains("nosuch"), sidecar.problem());
    }
}
