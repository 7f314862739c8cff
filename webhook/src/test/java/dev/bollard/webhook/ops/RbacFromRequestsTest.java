package dev.bollard.webhook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bollard.webhook.mesh.ClusterMeshSource;
import dev.bollard.webhook.mesh.MeshConfig;
import dev.bollard.webhook.mesh.MeshModel;
import dev.bollard.webhook.ca.CaMetrics;
import dev.bollard.webhook.ca.TestCaConfig;
import dev.bollard.webhook.ca.auth.ServiceAccountIdentity;
import dev.bollard.webhook.ca.roots.RootCertDistributor;
import dev.bollard.webhook.ca.roots.RootCertPublisher;
import dev.bollard.webhook.ca.store.CaStore;
import dev.bollard.webhook.testing.ApiRequest;
import dev.bollard.webhook.testing.RbacGrants;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * {@code manifests/rbac.yaml} against the requests the code actually makes: every component that
 * talks to the API server runs against the mock server (CRUD mode), the requests it received are
 * mapped to RBAC verbs, and (a) each is allowed by a grant and (b) each grant is used by some
 * request. A hand-copied list of grants let an unused {@code update} on the CA Secret through; this
 * cannot. Beside {@code ManifestsTest}: the grants are the installation's, the components come
 * from ca.store, ca.auth, ca.roots, ops and mesh. The test's own set-up goes through a client of
 * its own user agent and is not counted.
 */
@EnableKubernetesMockClient(crud = true)
class RbacFromRequestsTest {
    private static final Path RBAC = Path.of(System.getProperty("bollard.repo.root", ".."), "manifests", "rbac.yaml");
    private static final String NS = "bollard-system";
    private static final String SETUP_AGENT = "rbac-test-setup";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * Grants whose code path cannot run here, each with the reason; their requests are asserted by
     * the named test instead.
     */
    private static final String PATCHER = "upkeep/CaBundlePatcher needs the ServingCertificates bean (Quarkus wiring); "
            + "CaBundlePatcherTest drives it, on the client its test code shares, so its requests cannot be told apart there";
    private static final Map<String, String> NOT_EXERCISED = Map.of(
            "admissionregistration.k8s.io/mutatingwebhookconfigurations", PATCHER,
            "admissionregistration.k8s.io/validatingwebhookconfigurations", PATCHER);

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path dir;

    private final List<ApiRequest> requests = new ArrayList<>();

    @Test
    void rbacYamlGrantsExactlyWhatTheCodeRequests() throws Exception {
        KubernetesClient setup = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(SETUP_AGENT).build()).build();
        setup.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();

        // ca/store/CaStore: reads the CA Secret, creates it once
        CaStore store = new CaStore(client, TestCaConfig.secret(dir));
        store.current();
        new CaStore(client, TestCaConfig.secret(dir)).current();

        // ca/auth/ServiceAccountIdentity: a TokenReview per unknown token (the mock server does not authenticate it)
        try {
            new ServiceAccountIdentity(client, TestCaConfig.secret(dir), new CaMetrics(new SimpleMeterRegistry()))
                    .authenticate("Bearer some-token");
        } catch (RuntimeException unauthenticated) {
            // the request was made; its verdict is not this test's subject
        }

        // ops/Leadership: get, create the Lease, then renew it
        Leadership leadership = Leadership.elected(client, NS, "bollard-a", new Leadership.Timings(Duration.ofSeconds(2),
                Duration.ofMillis(1500), Duration.ofMillis(250)));
        // ca/roots/RootCertDistributor: watches namespaces and its ConfigMaps, creates them, repairs an edited one
        RootCertDistributor distributor = new RootCertDistributor(client, store, TestCaConfig.secret(dir));
        // mesh/ClusterMeshSource: informers on pods, services, endpointslices and the Istio policies
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ClusterMeshSource mesh = new ClusterMeshSource(client, new MeshModel(), scheduler, meshConfig());
        try {
            leadership.start();
            distributor.start();
            mesh.start();
            await(() -> setup.configMaps().inNamespace("shop").withName(RootCertPublisher.CONFIG_MAP).get() != null, "root published");
            ConfigMap published = setup.configMaps().inNamespace("shop").withName(RootCertPublisher.CONFIG_MAP).get();
            published.setData(Map.of(RootCertPublisher.ROOT_KEY, "edited"));
            setup.resource(published).update();
            await(() -> !"edited".equals(setup.configMaps().inNamespace("shop").withName(RootCertPublisher.CONFIG_MAP).get()
                    .getData().get(RootCertPublisher.ROOT_KEY)), "root repaired");
            await(() -> seen("leases", "patch") || seen("leases", "update"), "lease renewed");
            await(() -> Set.of("pods", "services", "endpointslices", "peerauthentications", "authorizationpolicies").stream()
                    .allMatch(r -> seen(r, "watch")), "mesh informers watching");
        } finally {
            mesh.stop();
            distributor.stop();
            leadership.stop();
            scheduler.shutdownNow();
            setup.close();
        }
        drain();

        RbacGrants rbac = RbacGrants.read(RBAC, NS);
        List<String> denied = requests.stream().filter(r -> rbac.allowing(r).isEmpty()).map(ApiRequest::toString).distinct()
                .sorted().toList();
        assertEquals(List.of(), denied, "requests rbac.yaml does not allow");

        Set<String> unused = new TreeSet<>();
        for (RbacGrants.Grant grant : rbac.grants()) {
            boolean used = requests.stream().anyMatch(grant::allows);
            boolean excused = grant.rule().getResources().stream()
                    .allMatch(r -> grant.rule().getApiGroups().stream().anyMatch(g -> NOT_EXERCISED.containsKey(g + "/" + r)));
            if (!used && !excused) {
                unused.add(grant.toString());
            }
        }
        assertEquals(Set.of(), unused, "grants of rbac.yaml no request used (remove them, or name the code path in NOT_EXERCISED)");
        assertTrue(requests.size() > 10, "requests seen: " + requests);
    }

    private boolean seen(String resource, String verb) {
        drain();
        return requests.stream().anyMatch(r -> r.resource().equals(resource) && r.verb().equals(verb));
    }

    private synchronized void drain() {
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                if (!String.valueOf(request.getHeader("User-Agent")).contains(SETUP_AGENT)) {
                    ApiRequest.of(request.getMethod(), request.getPath()).ifPresent(requests::add);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("timed out waiting: " + what);
    }

    /** The defaults ClusterMeshSource reads (debounce, resync); the rest is the files source's. */
    private static MeshConfig meshConfig() {
        return new MeshConfig() {
            @Override
            public Source source() {
                return Source.KUBERNETES;
            }

            @Override
            public Path dir() {
                return Path.of(".bollard-dev/mesh");
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofMillis(500);
            }

            @Override
            public Duration debounce() {
                return Duration.ofMillis(100);
            }

            @Override
            public Duration resync() {
                return Duration.ofMinutes(10);
            }

            @Override
            public Duration heartbeat() {
                return Duration.ofSeconds(10);
            }
        };
    }
}
