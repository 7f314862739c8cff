package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bollard.webhook.testing.WorkloadPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;

class PodReviewsTest {
    private static final Path FIXTURES = Path.of("../e2e/src/test/resources/fixtures");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyFixturePodReadsAsItsTreeDoes() {
        return Stream.of("pods", "foreign-pods")
                .flatMap(dir -> WorkloadPods.inDirectory(FIXTURES.resolve(dir)).stream())
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    AdmissionReview review = PodReviews.reader().readValue(JSON.writeValueAsBytes(review(c.pod())));
                    Pod straight = assertInstanceOf(Pod.class, review.getRequest().getObject());
                    assertEquals(PodJson.read(c.pod(), Pod.class), straight);
                }));
    }

    @Test
    void theOldObjectStaysATree() throws Exception {
        ObjectNode review = review(JSON.createObjectNode().put("kind", "Pod"));
        ((ObjectNode) review.get("request")).putObject("oldObject").put("kind", "Pod");
        AdmissionReview read = PodReviews.reader().readValue(JSON.writeValueAsBytes(review));
        assertInstanceOf(JsonNode.class, read.getRequest().getOldObject());
    }

    @Test
    void anObjectThatIsNoPodIsRefusedForTheTreeReadingToWord() {
        ObjectNode review = review(JSON.createObjectNode().put("kind", "Pod").put("spec", "oops"));
        assertThrows(JacksonException.class, () -> PodReviews.reader().readValue(JSON.writeValueAsBytes(review)));
    }

    private static ObjectNode review(JsonNode pod) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "u").put("operation", "CREATE");
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.set("object", pod);
        return review;
    }
}
