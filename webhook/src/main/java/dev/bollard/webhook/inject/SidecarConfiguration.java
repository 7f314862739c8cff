package dev.bollard.webhook.inject;

import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * The loaded template and values, read once at start. A broken template or values file keeps
 * the service unready (see InjectionReadinessCheck) instead of failing every admission later.
 */
@Startup
@ApplicationScoped
public class SidecarConfiguration {
    private static final Logger LOG = Logger.getLogger(SidecarConfiguration.class);

    private final MeshValues values;
    private final SidecarInjector injector;
    private final String problem;

    SidecarConfiguration(InjectionConfig config) {
        MeshValues loadedValues = null;
        SidecarInjector loadedInjector = null;
        String loadProblem = null;
        try {
            loadedValues = MeshValues.parse(SidecarSources.values(config.valuesPath()));
            Map<String, SidecarTemplate> named = new TreeMap<>();
            for (Map.Entry<String, String> text : SidecarSources.templates(config.templatePath()).entrySet()) {
                SidecarTemplate template = parse(text.getKey(), text.getValue());
                render(text.getKey(), template, SampleValues.of(loadedValues));
                named.put(text.getKey(), template);
            }
            loadedInjector = new SidecarInjector(SidecarTemplates.of(named));
        } catch (RuntimeException e) {
            loadProblem = e.getMessage();
            LOG.errorf("sidecar template or values cannot be used: %s", loadProblem);
        }
        this.values = loadedValues;
        this.injector = loadedInjector;
        this.problem = loadProblem;
    }

    private static SidecarTemplate parse(String name, String text) {
        try {
            return SidecarTemplate.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("template " + name + ": " + e.getMessage(), e);
        }
    }

    private static void render(String name, SidecarTemplate template, InjectionValues sample) {
        try {
            template.render(sample);
        } catch (RuntimeException e) {
            throw new IllegalStateException("template " + name + ": " + e.getMessage(), e);
        }
    }

    public boolean loaded() {
        return problem == null;
    }

    public String problem() {
        return problem;
    }

    public MeshValues values() {
        requireLoaded();
        return values;
    }

    public SidecarInjector injector() {
        requireLoaded();
        return injector;
    }

    private void requireLoaded() {
        if (problem != null) {
            throw new IllegalStateException("sidecar template not loaded: " + problem);
        }
    }
}
