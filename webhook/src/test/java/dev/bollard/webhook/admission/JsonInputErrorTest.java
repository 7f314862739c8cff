package dev.bollard.webhook.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Bad bodies are answered with the field path and the expected shape, never with our Java types. */
class JsonInputErrorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "containers as a string|{'spec':{'containers':'x'}}|request.object.spec.containers: expected a list, found a string",
        "port as a word|{'spec':{'containers':[{'ports':[{'containerPort':'abc'}]}]}}|request.object.spec.containers[0].ports[0].containerPort: \"abc\" is not an integer",
        "labels as a list|{'metadata':{'labels':[1]}}|request.object.metadata.labels: expected an object, found a list",
        "bad quantity|{'spec':{'containers':[{'resources':{'limits':{'cpu':{}}}}]}}|request.object.spec.containers[0].resources.limits.cpu:",
    })
    void admissionReviewBodiesNameTheFieldAndTheShape(String name, String object, String expected) {
        String body = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"object\":"
                + object.replace('\'', '"').replaceFirst("\\{", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",") + "}}";
        String message = describe(() -> JSON.readValue(body, AdmissionReview.class));
        assertTrue(message.startsWith(expected), message);
        assertNoJavaNames(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "kind as a string|{'apiVersion':'admission.k8s.io/v1','kind':'AdmissionReview','request':{'uid':'u','kind':'x'}}|request.kind: expected an object, found a string",
        "uid as a list|{'apiVersion':'admission.k8s.io/v1','kind':'AdmissionReview','request':{'uid':[]}}|request.uid: expected a string, found a list",
        "truncated|{'apiVersion':'admission.k8s.io/v1','request':{|not valid JSON at line 1, column 48: Unexpected end-of-input",
        "not JSON at all|<xml/>|not valid JSON at line 1, column 1: Unexpected character ('<'",
    })
    void malformedReviewsNameWhereTheyBreak(String name, String body, String expected) {
        String message = describe(() -> JSON.readValue(body.replace('\'', '"'), AdmissionReview.class));
        assertTrue(message.startsWith(expected), message);
        assertNoJavaNames(message);
    }

    @org.junit.jupiter.api.Test
    void aBodyNestedPastTheParserLimitSaysSoInItsOwnWords() {
        String body = "{\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"object\":{\"spec\":"
                + "[".repeat(2000) + "]".repeat(2000) + "}}}";
        String message = describe(() -> JSON.readValue(body, AdmissionReview.class));
        assertTrue(message.startsWith("not valid JSON: "), message);
        assertTrue(message.contains("nesting depth (1001) exceeds the maximum allowed (1000)"), message);
        assertNoJavaNames(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a string|\"str\"|expected an object, found a string",
        "a list|[1]|expected an object, found a list",
    })
    void anObjectThatIsNoPodIsNamedInJsonTerms(String name, String object, String expected) throws Exception {
        Object parsed = JSON.readValue(object, Object.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KubernetesSerialization().convertValue(parsed, Pod.class));
        String message = JsonInputError.describe((JacksonException) e.getCause(), "");
        assertEquals(expected, message);
    }

    private interface Read {
        Object run() throws Exception;
    }

    private static String describe(Read read) {
        JacksonException e = assertThrows(JacksonException.class, read::run);
        return JsonInputError.describe(e, "");
    }

    private static void assertNoJavaNames(String message) {
        for (String leak : new String[] {"io.fabric8", "java.", "`", "Cannot construct", "Cannot deserialize", "JsonToken"}) {
            assertFalse(message.contains(leak), leak + " in: " + message);
        }
    }
}
