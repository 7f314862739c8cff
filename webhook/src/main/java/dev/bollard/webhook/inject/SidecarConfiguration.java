package dev.bollard.webhook.inject;

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
            SidecarTemplate template = SidecarTemplate.parse(SidecarSources.template(config.templatePath()));
            template.render(SampleValues.of(loadedValues));
            loadedInjector = new SidecarInjector(template);
        } catch (RuntimeException e) {
            loadProblem = e.getMessage();
            LOG.errorf("sidecar template or values cannot be used: %s", loadProblem);
        }
        this.values = loadedValues;
        this.injector = loadedInjector;
        this.problem = loadProblem;
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
