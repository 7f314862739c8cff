package dev.bollard.webhook.inject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * The mesh configuration in use: template and values, from the classpath or from mounted files
 * (a ConfigMap). Mounted files are read again every {@code bollard.inject.reload-interval}, so an
 * edited ConfigMap applies without a restart, as istiod's injector does with its ConfigMap watch.
 * A new configuration that does not parse or render is refused with one log line and the last
 * good one stays in use. Only a configuration broken from the start keeps the service unready
 * (see InjectionReadinessCheck) instead of failing every admission later.
 */
@Startup
@ApplicationScoped
public class SidecarConfiguration {
    private static final Logger LOG = Logger.getLogger(SidecarConfiguration.class);

    private final Optional<Path> templatePath;
    private final Optional<Path> valuesPath;
    private final Optional<Path> configDir;
    private final ScheduledExecutorService watcher;
    private volatile LoadedSidecar current;
    private volatile String problem;
    /** The texts last tried, good or not: a broken ConfigMap is reported once, not every poll. */
    private Sources lastSeen;
    private String lastReported;

    private record Sources(java.util.Map<String, String> templates, String values) {
    }

    SidecarConfiguration(InjectionConfig config) {
        this.templatePath = config.templatePath();
        this.valuesPath = config.valuesPath();
        this.configDir = config.configDir();
        reload();
        this.watcher = mounted() ? startWatching(config.reloadInterval()) : null;
    }

    /**
     * Reads the sources again and switches to them if they changed and work; returns whether the
     * configuration in use changed. Called by the watcher; tests call it directly.
     */
    synchronized boolean reload() {
        Sources sources;
        try {
            sources = new Sources(SidecarSources.templates(templateFile()), SidecarSources.values(valuesFile()));
        } catch (RuntimeException e) {
            return refuse(null, "cannot be read: " + e.getMessage());
        }
        if (sources.equals(lastSeen)) {
            return false;
        }
        LoadedSidecar loaded;
        try {
            loaded = LoadedSidecar.parse(sources.templates(), sources.values());
        } catch (RuntimeException e) {
            return refuse(sources, "cannot be used: " + e.getMessage());
        }
        boolean first = current == null;
        lastSeen = sources;
        current = loaded;
        problem = null;
        lastReported = null;
        if (!first) {
            LOG.infof("sidecar template and values reloaded from %s (revision %s, proxy image %s)", describeSources(),
                    loaded.values().revision(), loaded.values().images().proxy());
        }
        return true;
    }

    /** Keeps what is in use; logs once per distinct problem, so a broken ConfigMap is one line, not one per poll. */
    private boolean refuse(Sources sources, String reason) {
        if (sources != null) {
            lastSeen = sources; // unreadable files are retried every poll; a broken text only once it changes
        }
        if (current == null) {
            problem = reason;
        }
        if (!reason.equals(lastReported)) {
            lastReported = reason;
            if (current == null) {
                LOG.errorf("sidecar template or values %s", reason);
            } else {
                LOG.errorf("new sidecar template or values refused, the last good ones stay in use: %s", reason);
            }
        }
        return false;
    }

    private Optional<Path> templateFile() {
        return SidecarSources.file(templatePath, configDir, SidecarSources.TEMPLATE_KEY);
    }

    private Optional<Path> valuesFile() {
        return SidecarSources.file(valuesPath, configDir, SidecarSources.VALUES_KEY);
    }

    private boolean mounted() {
        return templatePath.isPresent() || valuesPath.isPresent() || configDir.isPresent();
    }

    private String describeSources() {
        return templateFile().map(Object::toString).orElse("the built-in template") + " and "
                + valuesFile().map(Object::toString).orElse("the built-in values");
    }

    private ScheduledExecutorService startWatching(Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sidecar-config-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(100, interval.toMillis());
        executor.scheduleWithFixedDelay(() -> {
            try {
                reload();
            } catch (RuntimeException e) { // a reload must never stop the watcher
                LOG.errorf("sidecar configuration reload failed: %s", e.getMessage());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return executor;
    }

    @PreDestroy
    void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    public boolean loaded() {
        return current != null;
    }

    /** Why no configuration could be loaded yet; null once one has been. */
    public String problem() {
        return current == null ? problem : null;
    }

    /** The configuration to use for one admission: values and injector from the same load. */
    public LoadedSidecar current() {
        LoadedSidecar loaded = current;
        if (loaded == null) {
            throw new IllegalStateException("sidecar template not loaded: " + problem);
        }
        return loaded;
    }

    public MeshValues values() {
        return current().values();
    }

    public SidecarInjector injector() {
        return current().injector();
    }
}
