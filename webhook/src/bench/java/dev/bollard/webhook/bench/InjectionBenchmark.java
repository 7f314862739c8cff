package dev.bollard.webhook.bench;

import java.io.IOException;
import java.nio.file.Files;
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
import io.fabric8.kubernetes.api.model.GroupVersionKindBuilder;
import io.fabric8.kubernetes.api.model.Pod;
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

    private String reviewJson;
    private MeshValues values;
    private SidecarInjector injector;
    private TrustDomain trustDomain;

    @Setup
    public void load() throws IOException {
        Pod pod = SERIALIZATION.unmarshal(Files.readString(RepoRoot.resolve(POD_FIXTURE)), Pod.class);
        AdmissionRequest request = new AdmissionRequestBuilder()
                .withUid("705ab4f5-6393-11e8-b7cc-42010a800002")
                .withKind(new GroupVersionKindBuilder().withGroup("").withVersion("v1").withKind("Pod").build())
                .withNamespace(pod.getMetadata().getNamespace())
                .withOperation("CREATE")
                .withObject(pod)
                .build();
        reviewJson = SERIALIZATION.asJson(new AdmissionReviewBuilder()
                .withApiVersion(AdmissionReviews.API_VERSION).withKind(AdmissionReviews.KIND).withRequest(request).build());
        values = MeshValues.parse(SidecarSources.values(Optional.empty()));
        injector = new SidecarInjector(SidecarTemplate.parse(SidecarSources.template(Optional.empty())));
        trustDomain = TrustDomain.parse("cluster.local");
        AdmissionRequest parsed = SERIALIZATION.unmarshal(reviewJson, AdmissionReview.class).getRequest();
        if (!patch(parsed).contains("\"/spec/containers/")) {
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
        AdmissionRequest request = SERIALIZATION.unmarshal(reviewJson, AdmissionReview.class).getRequest();
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
        Pod injected = injector.inject(pod, podValues, decision.because());
        return PodPatch.between(pod, injected);
    }

    /** The webhook converts request.object the same way when fabric8 did not already type it. */
    private static Pod pod(AdmissionRequest request) {
        Object object = request.getObject();
        return object instanceof Pod pod ? pod : SERIALIZATION.convertValue(object, Pod.class);
    }
}
