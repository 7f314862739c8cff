package dev.bollard.webhook.upkeep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import dev.bollard.webhook.serving.ServingCertificates;
import dev.bollard.webhook.ops.Leadership;
import dev.bollard.webhook.ops.OpsConfig;

/**
 * Keeps {@code caBundle} of every webhook in {@value OpsConfig#INJECTOR_CONFIGURATION} and
 * {@value OpsConfig#VALIDATOR_CONFIGURATION} equal to the CA root, as istiod's webhook patcher
 * does. It watches both configurations by name (so a {@code kubectl apply} that blanks the
 * caBundle is repaired at once, and a configuration created later is patched when it appears),
 * compares the CA root every {@code check-interval}, and writes only caBundle fields. With
 * failurePolicy Fail a stale bundle would block pod creation, hence the watch rather than a poll.
 * Every replica watches; only the {@link Leadership} leader patches, and a new leader patches
 * whatever its cache shows stale at once.
 */
@ApplicationScoped
public class CaBundlePatcher {
    private static final Logger LOG = Logger.getLogger(CaBundlePatcher.class);

    private final KubernetesClient client;
    private final ServingCertificates serving;
    private final OpsConfig.CaBundlePatch config;
    private final Leadership leadership;
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
    private ScheduledExecutorService timer;
    private volatile String caBundle;
    private volatile String lastProblem;

    CaBundlePatcher(KubernetesClient client, ServingCertificates serving, OpsConfig config, Leadership leadership) {
        this.client = client;
        this.serving = serving;
        this.config = config.caBundle();
        this.leadership = leadership;
        leadership.whenLeading(this::catchUp);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bollard-cabundle-patcher");
            t.setDaemon(true);
            return t;
        });
        long resync = config.resync().toMillis();
        informers.add(watch(client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName(OpsConfig.INJECTOR_CONFIGURATION).runnableInformer(resync), this::reconcile));
        informers.add(watch(client.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName(OpsConfig.VALIDATOR_CONFIGURATION).runnableInformer(resync), this::reconcile));
        Duration every = config.checkInterval();
        timer.scheduleWithFixedDelay(this::checkRoot, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("caBundle patcher watching %s and %s", OpsConfig.INJECTOR_CONFIGURATION, OpsConfig.VALIDATOR_CONFIGURATION);
    }

    public synchronized void stop() {
        informers.forEach(SharedIndexInformer::stop);
        informers.clear();
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** Compares the CA root with what was last written; on a change, patches both configurations. */
    void checkRoot() {
        String current;
        try {
            // what verifies the certificate we actually serve: our CA root, or a user Secret's CA
            current = CaBundlePatch.encode(serving.trustAnchorPem());
        } catch (RuntimeException e) {
            problem("no CA root to write into caBundle yet: " + e.getMessage());
            return;
        }
        if (current.equals(caBundle)) {
            return;
        }
        caBundle = current;
        LOG.info("CA root changed; updating caBundle of both webhook configurations");
        reconcileAll();
    }

    /** A new leader: what happened while another replica led (or none did) is in the caches. */
    private void catchUp() {
        ScheduledExecutorService t;
        synchronized (this) {
            t = timer;
        }
        if (t != null) {
            t.execute(this::reconcileAll);
        }
    }

    private void reconcileAll() {
        for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
            informer.getStore().list().forEach(this::reconcile);
        }
    }

    private <T extends HasMetadata> SharedIndexInformer<T> watch(SharedIndexInformer<T> informer,
            Consumer<HasMetadata> onChange) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                timer.execute(() -> onChange.accept(obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                timer.execute(() -> onChange.accept(newObj));
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                // nothing to keep current; it is patched again when it is re-created
            }
        });
        // keep retrying a failed list/watch (RBAC not yet bound, API server restarting)
        informer.exceptionHandler((started, t) -> {
            problem("watching webhook configurations: " + t.getMessage());
            return true;
        });
        informer.start();
        return informer;
    }

    /** Runs on the timer thread only, so patches never race each other. */
    private void reconcile(HasMetadata configuration) {
        String bundle = caBundle;
        if (bundle == null || !leadership.isLeader()) {
            return; // checkRoot patches everything once the CA root is known; a new leader catches up
        }
        String name = configuration.getMetadata().getName();
        String patch = CaBundlePatch.of(entries(configuration), bundle);
        if (patch.isEmpty()) {
            return;
        }
        try {
            resource(configuration).patch(PatchContext.of(PatchType.JSON), patch);
            LOG.infof("caBundle of %s %s updated", configuration.getKind(), name);
            lastProblem = null;
        } catch (KubernetesClientException e) {
            // the watch delivers the object again after a conflict or on resync
            problem("patch caBundle of " + configuration.getKind() + " " + name + ": " + e.getMessage());
        }
    }

    private Resource<? extends HasMetadata> resource(HasMetadata configuration) {
        String name = configuration.getMetadata().getName();
        if (configuration instanceof MutatingWebhookConfiguration) {
            return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name);
        }
        return client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name);
    }

    private static List<CaBundlePatch.Entry> entries(HasMetadata configuration) {
        if (configuration instanceof MutatingWebhookConfiguration m) {
            return Objects.requireNonNullElse(m.getWebhooks(), List.<MutatingWebhook>of()).stream()
                    .map(w -> entry(w.getName(), w.getClientConfig())).toList();
        }
        ValidatingWebhookConfiguration v = (ValidatingWebhookConfiguration) configuration;
        return Objects.requireNonNullElse(v.getWebhooks(), List.<ValidatingWebhook>of()).stream()
                .map(w -> entry(w.getName(), w.getClientConfig())).toList();
    }

    private static CaBundlePatch.Entry entry(String name, WebhookClientConfig clientConfig) {
        return new CaBundlePatch.Entry(name, clientConfig == null ? null : clientConfig.getCaBundle());
    }

    /** Logs a problem once until it changes, so a missing CA does not flood the log every tick. */
    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            LOG.warn(message);
            lastProblem = message;
        }
    }
}
