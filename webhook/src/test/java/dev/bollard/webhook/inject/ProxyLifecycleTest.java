package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyLifecycleTest {
    private static final MeshValues VALUES = Pods.values();

    @Test
    void theDrainDefaultsToTheMeshDefaultConfig() {
        assertEquals(new ProxyLifecycle("5s", false), ProxyLifecycle.of(Pods.web().build(), VALUES));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "YAML                        | 'terminationDrainDuration: 30s'                         | 30s",
        "JSON                        | '{\"terminationDrainDuration\":\"1m30s\"}'              | 1m30s",
        "other fields left alone     | 'holdApplicationUntilProxyStarts: true\nconcurrency: 2' | 5s",
        "empty                       | ''                                                      | 5s",
    })
    void theAnnotationSetsItPerPod(String name, String annotation, String expected) {
        ProxyLifecycle lifecycle = ProxyLifecycle.of(Pods.withAnnotation(MeshAnnotations.PROXY_CONFIG, annotation), VALUES);
        assertEquals(expected, lifecycle.terminationDrainDuration());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "YAML true          | 'holdApplicationUntilProxyStarts: true'        | true",
        "JSON false         | '{\"holdApplicationUntilProxyStarts\":false}'   | false",
        "unset              | 'terminationDrainDuration: 30s'                 | false",
    })
    void theAnnotationHoldsTheApplicationPerPod(String name, String annotation, boolean expected) {
        ProxyLifecycle lifecycle = ProxyLifecycle.of(Pods.withAnnotation(MeshAnnotations.PROXY_CONFIG, annotation), VALUES);
        assertEquals(expected, lifecycle.holdApplicationUntilProxyStarts());
    }

    @Test
    void aHoldThatIsNotABooleanDeniesThePod() {
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class, () -> ProxyLifecycle.of(
                Pods.withAnnotation(MeshAnnotations.PROXY_CONFIG, "holdApplicationUntilProxyStarts: soon"), VALUES));
        assertTrue(e.getMessage().contains("holdApplicationUntilProxyStarts must be true or false"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no unit     | 'terminationDrainDuration: 30'   | terminationDrainDuration '30' is not a duration",
        "negative    | 'terminationDrainDuration: -5s'  | terminationDrainDuration '-5s' is not a duration",
        "a list      | '- terminationDrainDuration'     | must be a ProxyConfig object",
        "broken YAML | '{terminationDrainDuration: [}'  | not YAML or JSON",
    })
    void aBadAnnotationDeniesThePodNamingIt(String name, String annotation, String message) {
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> ProxyLifecycle.of(Pods.withAnnotation(MeshAnnotations.PROXY_CONFIG, annotation), VALUES));
        assertTrue(e.getMessage().startsWith("annotation proxy.istio.io/config=") && e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aBadMeshDefaultFailsTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MeshValues.DefaultConfig("soon"));
        assertTrue(e.getMessage().contains("mesh.defaultConfig.terminationDrainDuration 'soon' is not a duration"), e.getMessage());
    }
}
