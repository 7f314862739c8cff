package dev.bollard.webhook.serving;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import dev.bollard.webhook.ops.OpsConfig;

/**
 * Every {@code bollard.ops.serving.check-interval}: asks {@link ServingCertificates} for a newer
 * pair and, when there is one, reloads the TLS configuration and fires the event on which the
 * HTTP server swaps its SSL options in place (open connections keep their session).
 */
@ApplicationScoped
public class ServingCertificateRenewer {
    private static final Logger LOG = Logger.getLogger(ServingCertificateRenewer.class);

    private final ServingCertificates certificates;
    private final TlsConfigurationRegistry registry;
    private final Event<CertificateUpdatedEvent> updated;
    private final Duration interval;
    private ScheduledExecutorService timer;

    ServingCertificateRenewer(ServingCertificates certificates, TlsConfigurationRegistry registry,
            Event<CertificateUpdatedEvent> updated, OpsConfig config) {
        this.certificates = certificates;
        this.registry = registry;
        this.updated = updated;
        this.interval = config.serving().checkInterval();
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bollard-serving-renewer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::renewIfDue, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Visible for tests: one check, as the timer runs it. */
    public boolean renewIfDue() {
        try {
            if (!certificates.refresh()) {
                return false;
            }
            TlsConfiguration tls = registry.get(OpsConfig.TLS_CONFIGURATION)
                    .orElseThrow(() -> new IllegalStateException("TLS configuration " + OpsConfig.TLS_CONFIGURATION
                            + " is not registered"));
            if (!tls.reload()) {
                LOG.warnf("TLS configuration %s refused the new serving certificate", OpsConfig.TLS_CONFIGURATION);
                return false;
            }
            updated.fire(new CertificateUpdatedEvent(OpsConfig.TLS_CONFIGURATION, tls));
            return true;
        } catch (RuntimeException e) {
            // the timer must survive: a failed check is retried on the next tick
            LOG.warnf(e, "serving certificate renewal check failed");
            return false;
        }
    }
}
