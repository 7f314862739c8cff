package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarConfigurationTest {

    private static InjectionConfig config(Optional<Path> template, Optional<Path> values) {
        return config(template, values, Duration.ofHours(1)); // tests reload by hand
    }

    private static InjectionConfig config(Optional<Path> template, Optional<Path> values, Duration interval) {
        return config(template, values, Optional.empty(), interval);
    }

    private static InjectionConfig config(Optional<Path> template, Optional<Path> values, Optional<Path> configDir,
                                          Duration interval) {
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
            public Optional<Path> configDir() {
                return configDir;
            }

            @Override
            public Duration reloadInterval() {
                return interval;
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

    private static String builtInValues() {
        return SidecarSources.values(Optional.empty());
    }

    private static String withProxyImage(String image) {
        return builtInValues().replace("ghcr.io/bollard/proxy:0.1.0", image);
    }

    @Test
    void reloadPicksUpAChangedValuesFile(@TempDir Path dir) throws IOException {
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, withProxyImage("registry.local/proxy:1"));
        SidecarConfiguration sidecar = new SidecarConfiguration(config(Optional.empty(), Optional.of(values)));

        assertFalse(sidecar.reload(), "unchanged files are not a new configuration");
        Files.writeString(values, withProxyImage("registry.local/proxy:2").replace("cpu: 100m", "cpu: 250m"));
        assertTrue(sidecar.reload());
        assertEquals("registry.local/proxy:2", sidecar.values().images().proxy());
        assertEquals("250m", sidecar.values().proxy().resources().requests().cpu());
    }

    @Test
    void aBrokenNewConfigurationIsRefusedAndTheLastGoodOneStays(@TempDir Path dir) throws IOException {
        Path values = dir.resolve("values.yaml");
        Path template = dir.resolve("injection-template.yaml");
        Files.writeString(values, withProxyImage("registry.local/proxy:1"));
        Files.writeString(template, SidecarSources.template(Optional.empty()));
        SidecarConfiguration sidecar = new SidecarConfiguration(config(Optional.of(template), Optional.of(values)));
        LoadedSidecar good = sidecar.current();

        Files.writeString(values, withProxyImage("registry.local/proxy:2") + "\nimagez: {}\n");
        assertFalse(sidecar.reload());
        Files.writeString(values, withProxyImage("registry.local/proxy:2"));
        Files.writeString(template, "containers:\n- name: {values.nosuch}\n");
        assertFalse(sidecar.reload());
        Files.delete(values);
        assertFalse(sidecar.reload());

        assertTrue(sidecar.loaded());
        assertEquals(null, sidecar.problem(), "still ready: the last good configuration serves");
        assertSame(good, sidecar.current());
        assertEquals("registry.local/proxy:1", sidecar.values().images().proxy());

        Files.writeString(values, withProxyImage("registry.local/proxy:3"));
        Files.writeString(template, SidecarSources.template(Optional.empty()));
        assertTrue(sidecar.reload(), "a fixed configuration is taken up");
        assertEquals("registry.local/proxy:3", sidecar.values().images().proxy());
    }

    @Test
    void aFirstGoodConfigurationMakesAnUnreadyServiceReady(@TempDir Path dir) throws IOException {
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, "images: [\n");
        SidecarConfiguration sidecar = new SidecarConfiguration(config(Optional.empty(), Optional.of(values)));
        assertFalse(sidecar.loaded());
        assertTrue(sidecar.problem().startsWith("cannot be used: sidecar values:"), sidecar.problem());

        Files.writeString(values, builtInValues());
        assertTrue(sidecar.reload());
        assertTrue(sidecar.loaded());
    }

    /** Kubernetes updates a mounted ConfigMap by pointing {@code ..data} at a new directory in one rename. */
    @Test
    void aMountedConfigMapUpdateAppliesWithoutARestart(@TempDir Path dir) throws IOException, InterruptedException {
        publishConfigMap(dir, "..2026_12_01_10_00_00.1", withProxyImage("registry.local/proxy:1"));
        Files.createSymbolicLink(dir.resolve("values.yaml"), Path.of("..data/values.yaml"));
        SidecarConfiguration sidecar = new SidecarConfiguration(
                config(Optional.empty(), Optional.empty(), Optional.of(dir), Duration.ofMillis(100)));
        try {
            assertEquals("registry.local/proxy:1", sidecar.values().images().proxy());
            publishConfigMap(dir, "..2026_12_01_10_05_00.2", withProxyImage("registry.local/proxy:2"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!sidecar.values().images().proxy().equals("registry.local/proxy:2") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("registry.local/proxy:2", sidecar.values().images().proxy());
        } finally {
            sidecar.stop();
        }
    }

    private static void publishConfigMap(Path dir, String version, String values) throws IOException {
        Files.createDirectory(dir.resolve(version));
        Files.writeString(dir.resolve(version).resolve("values.yaml"), values);
        Path next = dir.resolve("..data_tmp");
        Files.createSymbolicLink(next, Path.of(version));
        Files.move(next, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aConfigDirectoryKeyOverridesOnlyWhatItHolds(@TempDir Path dir) throws IOException {
        SidecarConfiguration sidecar = new SidecarConfiguration(
                config(Optional.empty(), Optional.empty(), Optional.of(dir), Duration.ofHours(1)));
        assertEquals("ghcr.io/bollard/proxy:0.1.0", sidecar.values().images().proxy(), "an empty ConfigMap: built-in values");

        Files.writeString(dir.resolve(SidecarSources.VALUES_KEY), withProxyImage("registry.local/proxy:9"));
        assertTrue(sidecar.reload(), "a key added later applies");
        assertEquals("registry.local/proxy:9", sidecar.values().images().proxy());

        Files.delete(dir.resolve(SidecarSources.VALUES_KEY));
        assertTrue(sidecar.reload(), "a key removed returns to the built-in one");
        assertEquals("ghcr.io/bollard/proxy:0.1.0", sidecar.values().images().proxy());
    }
}
