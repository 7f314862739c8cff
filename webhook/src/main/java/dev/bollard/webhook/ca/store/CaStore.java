package dev.bollard.webhook.ca.store;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bouncycastle.asn1.x500.X500Name;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.StartupEvent;

import dev.bollard.identity.TrustDomain;
import dev.bollard.webhook.ca.CaBundle;
import dev.bollard.webhook.ca.CaConfig;
import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.CaSource;
import dev.bollard.webhook.ca.Refusal;

/**
 * Loads the signing CA once, on first use: a plug-in CA when {@code cacerts-dir} holds one (as
 * istiod prefers), else the configured store (the {@code bollard-ca} Secret, or the development
 * files), generating a self-signed ECDSA P-256 root when the store is empty. A failed load is
 * retried on the next call, so a webhook that started before the API server was reachable recovers.
 * A stored CA that cannot be used is never replaced by a new root (every workload trusts the old
 * one): it is logged as an error, readiness reports it, and certificate requests get a 503.
 */
@ApplicationScoped
public class CaStore implements CaSource {
    private static final Logger LOG = Logger.getLogger(CaStore.class);

    private final KubernetesClient client;
    private final CaConfig config;
    // how often current() looks at the plug-in files; a stat-and-read of four small files
    private static final long PLUGIN_CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);
    // how long a caller waits for another thread's load before it is told to retry: with the
    // TokenReview's 1.5 s, a certificate request still ends within 2 s
    private static final long LOAD_WAIT_MILLIS = 500;

    private volatile CaBundle bundle;
    private volatile String pluginFingerprint = "";
    private volatile long nextPluginCheck;
    private final ReentrantLock loading = new ReentrantLock();
    private String lastProblem = "";

    public CaStore(KubernetesClient client, CaConfig config) {
        this.client = client;
        this.config = config;
    }

    /** The CA, loading it if needed; a CA that cannot be loaded is a 503 for the caller. */
    @Override
    public CaBundle current() {
        CaBundle loaded = bundle;
        if (loaded != null) {
            if (System.nanoTime() - nextPluginCheck >= 0) {
                reloadIfPluginChanged();
            }
            return bundle;
        }
        // a load waiting on a slow API server must not park every caller (and worker thread) behind it
        boolean locked;
        try {
            locked = loading.tryLock(LOAD_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            throw new CaRefusedException(Refusal.UNAVAILABLE, "the workload CA is still loading; retry shortly");
        }
        try {
            if (bundle == null) {
                try {
                    bundle = load();
                    lastProblem = "";
                } catch (RuntimeException e) {
                    String problem = problem(e);
                    report(problem, !(e instanceof KubernetesClientException));
                    throw new CaRefusedException(Refusal.UNAVAILABLE, "the workload CA is not loaded: " + problem, e);
                }
            }
            return bundle;
        } finally {
            loading.unlock();
        }
    }

    /**
     * Tries the load once at startup, off the startup thread (the API server may be slow), so that
     * a corrupt stored CA is in the log right away, not at the first request or probe.
     */
    void loadAtStartup(@Observes StartupEvent event) {
        Thread loader = new Thread(() -> {
            try {
                current();
            } catch (CaRefusedException e) {
                // reported by current(); readiness stays DOWN and the next call retries
            }
        }, "bollard-ca-load");
        loader.setDaemon(true);
        loader.start();
    }

    /** What went wrong, for the log, readiness and a 503, in words rather than a client's exception text. */
    private String problem(RuntimeException e) {
        if (e instanceof KubernetesClientException k) {
            String secret = "Secret " + config.namespace() + "/" + config.secretName();
            return k.getCode() <= 0 ? "the API server is unreachable (reading " + secret + ")"
                    : "the API server answered HTTP " + k.getCode() + " for " + secret;
        }
        return e.getMessage() == null ? "the CA cannot be read" : e.getMessage();
    }

    /** Logs a problem once, not at every probe; a corrupt CA is an error an operator must fix. */
    private void report(String problem, boolean corrupt) {
        if (problem.equals(lastProblem)) {
            return;
        }
        lastProblem = problem;
        if (corrupt) {
            LOG.errorf("workload CA is not available: %s", problem);
        } else {
            LOG.warnf("workload CA is not available: %s", problem);
        }
    }

    /**
     * Swaps in a rotated plug-in CA (istiod watches cacerts too). A half-written or broken update
     * keeps the CA in use and is retried at the next check; the serving certificate, caBundle and
     * root ConfigMaps follow the new root through their own checks.
     */
    synchronized void reloadIfPluginChanged() {
        nextPluginCheck = System.nanoTime() + PLUGIN_CHECK_NANOS;
        String now = CaFiles.pluginFingerprint(config.cacertsDir());
        if (now == null || now.equals(pluginFingerprint) || bundle == null) {
            return;
        }
        try {
            CaBundle next = load();
            LOG.infof("workload CA changed on disk; now signing with %s (root %s)", next.certificate().getSubject(),
                    next.root().getSubject());
            bundle = next;
        } catch (RuntimeException e) {
            LOG.warnf("keeping the current workload CA: the changed plug-in CA in %s cannot be used: %s",
                    config.cacertsDir(), e.getMessage());
        }
    }

    /** The CA if it has been loaded, without trying to load it. */
    public Optional<CaBundle> loaded() {
        return Optional.ofNullable(bundle);
    }

    private CaBundle load() {
        pluginFingerprint = CaFiles.pluginFingerprint(config.cacertsDir());
        nextPluginCheck = System.nanoTime() + PLUGIN_CHECK_NANOS;
        if (CaFiles.hasPluginCa(config.cacertsDir())) {
            CaBundle plugin = CaFiles.readPlugin(config.cacertsDir());
            LOG.infof("using plug-in CA %s from %s (expires %s)", plugin.certificate().getSubject(), config.cacertsDir(), plugin.notAfter());
            return plugin;
        }
        return switch (config.store()) {
            case FILES -> loadFiles();
            case SECRET -> CaSecret.loadOrCreate(client, config.namespace(), config.secretName(), this::generateRoot);
        };
    }

    private CaBundle loadFiles() {
        if (!CaFiles.hasDevRoot(config.devDir())) {
            CaFiles.writeDevRoot(config.devDir(), generateRoot());
        }
        CaBundle files = CaFiles.readDevRoot(config.devDir());
        LOG.infof("using development CA from %s (expires %s)", config.devDir(), files.notAfter());
        return files;
    }

    private CaBundle generateRoot() {
        Instant now = Instant.now();
        X500Name subject = new X500Name("O=" + TrustDomain.parse(config.trustDomain()).name() + ",CN=Bollard workload root CA");
        return CaBundle.generateRoot(subject, now.minusSeconds(300), now.plus(config.rootTtl()));
    }
}
