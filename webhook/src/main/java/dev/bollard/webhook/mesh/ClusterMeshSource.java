package dev.bollard.webhook.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * The mesh model in a cluster: informers on Pods carrying {@code security.istio.io/tlsMode} (all
 * namespaces), on Services and {@code discovery.k8s.io/v1} EndpointSlices (all namespaces: a
 * meshed client may call any Service, and a Service's endpoints may be pods without a sidecar), and on PeerAuthentications
 * and AuthorizationPolicies (each {@code security.istio.io/v1}, else {@code v1beta1} for older CRDs; without
 * the CRD there are no such policies until it appears, looked for again every 30 s). Events are coalesced: the first one schedules a rebuild {@code debounce} later, and
 * the rebuild reads both caches whole. Objects that cannot be read are logged and skipped.
 */
public class ClusterMeshSource {
    private static final Logger LOG = Logger.getLogger(ClusterMeshSource.class);
    static final ResourceDefinitionContext PODS = new ResourceDefinitionContext.Builder()
            .withGroup("").withVersion("v1").withKind(MeshObjects.POD).withPlural("pods").withNamespaced(true).build();
    static final ResourceDefinitionContext SERVICES = new ResourceDefinitionContext.Builder()
            .withGroup("").withVersion("v1").withKind(ServiceObjects.SERVICE).withPlural("services").withNamespaced(true).build();
    static final ResourceDefinitionContext ENDPOINT_SLICES = new ResourceDefinitionContext.Builder()
            .withGroup(ServiceObjects.DISCOVERY_GROUP).withVersion("v1").withKind(ServiceObjects.ENDPOINT_SLICE)
            .withPlural("endpointslices").withNamespaced(true).build();

    private final KubernetesClient client;
    private final MeshModel model;
    private final ScheduledExecutorService scheduler;
    private final long debounceMillis;
    private final long resyncMillis;
    private final AtomicBoolean rebuildScheduled = new AtomicBoolean();
    private volatile SharedIndexInformer<GenericKubernetesResource> pods;
    private volatile SharedIndexInformer<GenericKubernetesResource> policies;
    private volatile SharedIndexInformer<GenericKubernetesResource> authorizations;
    private volatile SharedIndexInformer<GenericKubernetesResource> services;
    private volatile SharedIndexInformer<GenericKubernetesResource> slices;

    public ClusterMeshSource(KubernetesClient client, MeshModel model, ScheduledExecutorService scheduler, MeshConfig config) {
        this.client = client;
        this.model = model;
        this.scheduler = scheduler;
        this.debounceMillis = config.debounce().toMillis();
        this.resyncMillis = config.resync().toMillis();
    }

    static ResourceDefinitionContext peerAuthentications(String version) {
        return new ResourceDefinitionContext.Builder().withGroup(MeshObjects.ISTIO_SECURITY_GROUP).withVersion(version)
                .withKind(MeshObjects.PEER_AUTHENTICATION).withPlural("peerauthentications").withNamespaced(true).build();
    }

    static ResourceDefinitionContext authorizationPolicies(String version) {
        return new ResourceDefinitionContext.Builder().withGroup(MeshObjects.ISTIO_SECURITY_GROUP).withVersion(version)
                .withKind(AuthorizationPolicyObjects.KIND).withPlural("authorizationpolicies").withNamespaced(true).build();
    }

    /** Starts the informers in the background, retrying until the API server answers; never blocks startup. */
    public void start() {
        scheduler.execute(() -> connect(1));
    }

    private void connect(int attempt) {
        List<SharedIndexInformer<GenericKubernetesResource>> started = new ArrayList<>();
        try {
            SharedIndexInformer<GenericKubernetesResource> podInformer = client.genericKubernetesResources(PODS).inAnyNamespace()
                    .withLabel(MeshPod.TLS_MODE_LABEL).inform(handler(), resyncMillis);
            started.add(podInformer);
            SharedIndexInformer<GenericKubernetesResource> serviceInformer =
                    client.genericKubernetesResources(SERVICES).inAnyNamespace().inform(handler(), resyncMillis);
            started.add(serviceInformer);
            SharedIndexInformer<GenericKubernetesResource> sliceInformer =
                    client.genericKubernetesResources(ENDPOINT_SLICES).inAnyNamespace().inform(handler(), resyncMillis);
            started.add(sliceInformer);
            policies = informFirstServed(ClusterMeshSource::peerAuthentications, MeshObjects.PEER_AUTHENTICATION);
            if (policies != null) {
                started.add(policies);
            }
            authorizations = informFirstServed(ClusterMeshSource::authorizationPolicies, AuthorizationPolicyObjects.KIND);
            services = serviceInformer;
            slices = sliceInformer;
            pods = podInformer;
            LOG.infof("mesh model from the cluster: watching pods labelled %s, Services, EndpointSlices, %s and %s", MeshPod.TLS_MODE_LABEL,
                    policies == null ? "no PeerAuthentications (CRD not installed; looking again every 30 s)" : "PeerAuthentications",
                    authorizations == null ? "no AuthorizationPolicies (CRD not installed; looking again every 30 s)"
                            : "AuthorizationPolicies");
            if (policies == null || authorizations == null) {
                scheduler.schedule(this::retryPolicies, 30, TimeUnit.SECONDS);
            }
            rebuild();
        } catch (RuntimeException e) {
            started.forEach(SharedIndexInformer::stop);
            policies = null;
            long delay = Math.min(30, 1L << Math.min(attempt, 5));
            LOG.warnf("cannot watch pods, Services, EndpointSlices, PeerAuthentications and AuthorizationPolicies yet (retrying in %d s): %s",
                    delay, e.getMessage());
            scheduler.schedule(() -> connect(attempt + 1), delay, TimeUnit.SECONDS);
        }
    }

    /** An informer on the first served version (v1, else v1beta1) of an Istio kind; null when neither is (no CRD). */
    private SharedIndexInformer<GenericKubernetesResource> informFirstServed(Function<String, ResourceDefinitionContext> kind,
            String name) {
        for (String version : List.of("v1", "v1beta1")) {
            try {
                return client.genericKubernetesResources(kind.apply(version)).inAnyNamespace().inform(handler(), resyncMillis);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
                LOG.infof("%s security.istio.io/%s is not served", name, version);
            }
        }
        return null;
    }

    private void retryPolicies() {
        try {
            if (policies == null) {
                policies = informFirstServed(ClusterMeshSource::peerAuthentications, MeshObjects.PEER_AUTHENTICATION);
            }
            if (authorizations == null) {
                authorizations = informFirstServed(ClusterMeshSource::authorizationPolicies, AuthorizationPolicyObjects.KIND);
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot watch PeerAuthentications or AuthorizationPolicies yet: %s", e.getMessage());
        }
        if (policies == null || authorizations == null) {
            scheduler.schedule(this::retryPolicies, 30, TimeUnit.SECONDS);
        }
        rebuild();
    }

    public void stop() {
        for (SharedIndexInformer<GenericKubernetesResource> informer : java.util.Arrays.asList(pods, services, slices, policies, authorizations)) {
            if (informer != null) {
                informer.stop();
            }
        }
    }

    private ResourceEventHandler<GenericKubernetesResource> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                changed();
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                changed();
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                changed();
            }
        };
    }

    private void changed() {
        if (rebuildScheduled.compareAndSet(false, true)) {
            scheduler.schedule(this::rebuild, debounceMillis, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void rebuild() {
        rebuildScheduled.set(false);
        try {
            publishCaches();
        } catch (RuntimeException e) { // a scheduled task that throws is dropped without a word; the next event retries
            LOG.warnf(e, "rebuilding the mesh model from the cluster failed; the current state stays");
        }
    }

    private void publishCaches() {
        SharedIndexInformer<GenericKubernetesResource> podInformer = pods;
        SharedIndexInformer<GenericKubernetesResource> policyInformer = policies;
        SharedIndexInformer<GenericKubernetesResource> authorizationInformer = authorizations;
        if (podInformer == null) {
            return; // not synced yet: publishing now would tell proxies the mesh is empty
        }
        model.publish(new MeshObjectsSet(read(podInformer, MeshObjects::pod),
                policyInformer == null ? List.of() : read(policyInformer, MeshObjects::peerAuthentication),
                read(services, ServiceObjects::service), read(slices, ServiceObjects::endpointSlice),
                authorizationInformer == null ? List.of() : read(authorizationInformer, AuthorizationPolicyObjects::authorizationPolicy)));
    }

    private static <T> List<T> read(SharedIndexInformer<GenericKubernetesResource> informer,
            Function<GenericKubernetesResource, T> parse) {
        List<T> out = new ArrayList<>();
        for (GenericKubernetesResource object : informer.getStore().list()) {
            try {
                out.add(parse.apply(object));
            } catch (RuntimeException e) { // not only IllegalArgumentException: one odd object must not stop every rebuild
                LOG.warnf("%s %s/%s left out of the mesh model: %s", object.getKind(), object.getMetadata().getNamespace(),
                        object.getMetadata().getName(), e.getMessage());
            }
        }
        return out;
    }
}
