package dev.bollard.webhook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.bollard.webhook.admission.AdmissionReviews;
import dev.bollard.identity.TrustDomain;
import dev.bollard.webhook.inject.InjectionDecision;
import dev.bollard.webhook.inject.InjectionValues;
import dev.bollard.webhook.inject.MeshValues;
import dev.bollard.webhook.inject.PodPatch;
import dev.bollard.webhook.inject.SidecarInjector;
import dev.bollard.webhook.inject.SidecarSources;
import dev.bollard.webhook.inject.SidecarTemplate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionKindBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequestBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * One pod through the mutating webhook's pure core, from request JSON to response JSON: the same
 * steps as {@code SidecarAdmission.review} minus its log lines. The baseline is what any webhook
 * must pay anyway: parse the AdmissionReview and serialise the pod back.
 */
@State(Scope.Benchmark)
public class InjectionBenchmark {
    /** A web server with its own log-shipping sidecar: two containers, ports, env, a volume. */
    static final String POD_FIXTURE = "e2e/src/test/resources/fixtures/pods/01-multi-container.yaml";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Set<String> IGNORED_NAMESPACES = Set.of("kube-system", "kube-public");

    /** The worst case of issue 15: 50 app containers with 30 env vars each (1,500 in all). */
    private static final int WORST_CONTAINERS = 50;
    private static final int WORST_ENV_PER_CONTAINER = 30;
    // the fixture's service account; a distinct one per call makes every render a cache miss
    private static final String ACCOUNT = "\"serviceAccountName\":\"storefront\"";

    private String reviewJson;
    private String worstReviewJson;
    private long distinct;
    private MeshValues values;
    private SidecarInjector injector;
    private TrustDomain trustDomain;

    @Setup
    public void load() throws IOException {
        Pod pod = SERIALIZATION.unmarshal(Files.readString(RepoRoot.resolve(POD_FIXTURE)), Pod.class);
        reviewJson = review(pod);
        worstReviewJson = review(worstCase(pod));
        if (!reviewJson.contains(ACCOUNT)) {
            throw new IllegalStateException("injection benchmark: no " + ACCOUNT + " in the review of " + POD_FIXTURE);
        }
        values = MeshValues.parse(SidecarSources.values(Optional.empty()));
        injector = new SidecarInjector(SidecarTemplate.parse(SidecarSources.template(Optional.empty())));
        trustDomain = TrustDomain.parse("cluster.local");
        AdmissionRequest parsed = SERIALIZATION.unmarshal(reviewJson, AdmissionReview.class).getRequest();
        // the proxy is a native sidecar by default: an init container, so look for its name, not a list
        if (!patch(parsed).contains("\"istio-proxy\"")) {
            throw new IllegalStateException("injection benchmark: the fixture pod was not injected; check " + POD_FIXTURE);
        }
    }

    @Benchmark
    public String baseline() {
        AdmissionReview review = SERIALIZATION.unmarshal(reviewJson, AdmissionReview.class);
        return SERIALIZATION.asJson(pod(review.getRequest()));
    }

    @Benchmark
    public String hotPath() {
        return answer(reviewJson);
    }

    /** Every pod distinct (its own service account, so its own identity): the render cache never hits. */
    @Benchmark
    public String coldPath() {
        return answer(reviewJson.replace(ACCOUNT, "\"serviceAccountName\":\"storefront-" + distinct++ + "\""));
    }

    @Benchmark
    public String worstCasePod() {
        return answer(worstReviewJson);
    }

    private String answer(String json) {
        AdmissionRequest request = SERIALIZATION.unmarshal(json, AdmissionReview.class).getRequest();
        AdmissionResponse response = AdmissionReviews.patch(patch(request));
        return SERIALIZATION.asJson(AdmissionReviews.reply(request.getUid(), response));
    }

    private String patch(AdmissionRequest request) {
        Pod pod = pod(request);
        InjectionDecision decision = InjectionDecision.decide(pod, request.getNamespace(), IGNORED_NAMESPACES);
        if (!decision.inject()) {
            throw new IllegalStateException("injection benchmark: pod skipped: " + decision.detail());
        }
        InjectionValues podValues = InjectionValues.of(pod, request.getNamespace(), values, trustDomain);
        return PodPatch.of(pod, injector.changes(pod, podValues, decision.because()));
    }

    private static String review(Pod pod) {
        AdmissionRequest request = new AdmissionRequestBuilder()
                .withUid("705ab4f5-6393-11e8-b7cc-42010a800002")
                .withKind(new GroupVersionKindBuilder().withGroup("").withVersion("v1").withKind("Pod").build())
                .withNamespace(pod.getMetadata().getNamespace())
                .withOperation("CREATE")
                .withObject(pod)
                .build();
        return SERIALIZATION.asJson(new AdmissionReviewBuilder()
                .withApiVersion(AdmissionReviews.API_VERSION).withKind(AdmissionReviews.KIND).withRequest(request).build());
    }

    private static Pod worstCase(Pod fixture) {
        Container app = fixture.getSpec().getContainers().get(0);
        List<Container> containers = new ArrayList<>();
        for (int c = 0; c < WORST_CONTAINERS; c++) {
            ContainerBuilder container = new ContainerBuilder(app).withName("app-" + c).withEnv();
            for (int e = 0; e < WORST_ENV_PER_CONTAINER; e++) {
                container.addNewEnv().withName("SETTING_" + e).withValue("value-" + c + "-" + e).endEnv();
            }
            containers.add(container.build());
        }
        return new PodBuilder(fixture).editSpec().withContainers(containers).endSpec().build();
    }

    /** The webhook converts request.object the same way when fabric8 did not already type it. */
    private static Pod pod(AdmissionRequest request) {
        Object object = request.getObject();
        return object instanceof Pod pod ? pod : SERIALIZATION.convertValue(object, Pod.class);
    }
}
