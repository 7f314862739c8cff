package dev.bollard.webhook.ca.roots;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.bollard.identity.Pem;
import dev.bollard.webhook.ca.CaConfig;
import dev.bollard.webhook.ca.store.CaStore;
import dev.bollard.webhook.ops.Leadership;

/**
 * Keeps {@code istio-ca-root-cert} present and current in every namespace that may hold injected
 * pods (see {@link RootCertPublisher#wantsRoot}), labeled {@code istio-injection=enabled} or not:
 * informers on the namespaces and on the ConfigMaps themselves
 * repair creates, edits and deletes as they happen; the informers' periodic resync re-checks every
 * namespace, which also covers a root that changed. Off in the dev-local profile (no cluster).
 * Every replica runs the informers; only the {@link Leadership} leader writes, comparing with the
 * ConfigMap informer's cache rather than a GET per namespace, and a new leader re-checks every
 * namespace at once.
 */
@ApplicationScoped
public class RootCertDistributor {
    /** Full re-check interval; events repair faster, this catches anything missed. */
    static final long RESYNC_MILLIS = 60_000;
    private static final Logger LOG = Logger.getLogger(RootCertDistributor.class);

    private final KubernetesClient client;
    private final CaStore store;
    private final CaConfig config;
    private final RootCertPublisher publisher;
    private final Leadership leadership;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private volatile SharedIndexInformer<Namespace> namespaces;
    private volatile SharedIndexInformer<ConfigMap> configMaps;

    /** A single replica that always writes (tests). */
    public RootCertDistributor(KubernetesClient client, CaStore store, CaConfig config) {
        this(client, store, config, Leadership.always());
    }

    @Inject
    RootCertDistributor(KubernetesClient client, CaStore store, CaConfig config, Leadership leadership) {
        this.client = client;
        this.store = store;
        this.config = config;
        this.publisher = new RootCertPublisher(client);
        this.leadership = leadership;
        leadership.whenLeading(this::reconcileAll);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.distributeRoot()) {
            start();
        } else {
            LOG.info("CA root distribution to namespaces is disabled (bollard.ca.distribute-root=false)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (!informers.isEmpty()) {
            return;
        }
        // the ConfigMap cache first: the namespace informer's first events compare against it
        configMaps = client.configMaps().inAnyNamespace().withField("metadata.name", RootCertPublisher.CONFIG_MAP)
                .inform(handler(this::repair), RESYNC_MILLIS);
        informers.add(configMaps);
        namespaces = client.namespaces().inform(handler(this::reconcile), RESYNC_MILLIS);
        informers.add(namespaces);
    }

    /** A new leader: every namespace, from the cache. */
    private void reconcileAll() {
        SharedIndexInformer<Namespace> ns = namespaces;
        if (ns != null) {
            ns.getStore().list().forEach(this::reconcile);
        }
    }

    public synchronized void stop() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
    }

    private void reconcile(Namespace namespace) {
        if (leadership.isLeader() && RootCertPublisher.wantsRoot(namespace)) {
            publish(namespace.getMetadata().getName());
        }
    }

    private void repair(ConfigMap configMap) {
        String name = configMap.getMetadata().getNamespace();
        Namespace namespace = namespaces == null ? null : namespaces.getIndexer().getByKey(name);
        if (namespace != null) {
            reconcile(namespace);
        }
    }

    private void publish(String namespace) {
        try {
            SharedIndexInformer<ConfigMap> cache = configMaps;
            ConfigMap current = cache == null ? null : cache.getIndexer().getByKey(namespace + "/" + RootCertPublisher.CONFIG_MAP);
            publisher.publish(namespace, Pem.encode(store.current().root()), current);
        } catch (RuntimeException e) {
            // the next event or resync retries; a broken namespace must not stop the others
            LOG.warnf("cannot publish the CA root to namespace %s: %s", namespace, e.getMessage());
        }
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                action.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                action.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                action.accept(obj);
            }
        };
    }
}
