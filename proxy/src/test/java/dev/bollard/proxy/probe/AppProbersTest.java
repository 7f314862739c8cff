package dev.bollard.proxy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppProbersTest {
    @Test
    void readsIstiosJsonForHttpTcpGrpcAndHooks() {
        AppProbers probers = AppProbers.parse("""
                {"/app-health/web/livez":{"httpGet":{"path":"/live","port":8080,"host":"10.0.0.1","scheme":"HTTPS",\
                "httpHeaders":[{"name":"X-Probe","value":"1"}]},"timeoutSeconds":3},
                 "/app-health/web/readyz":{"tcpSocket":{"port":8081}},
                 "/app-health/api/startupz":{"grpc":{"port":9000,"service":"health"},"timeoutSeconds":2},
                 "/app-lifecycle/web/prestopz":{"httpGet":{"path":"drain","port":8080}}}""");

        assertEquals(new AppProbe.Http("/live", 8080, Optional.of("10.0.0.1"), true,
                List.of(new AppProbe.Header("X-Probe", "1")), Duration.ofSeconds(3)), probers.find("/app-health/web/livez").get());
        assertEquals(new AppProbe.Tcp(8081, Optional.empty(), Duration.ofSeconds(1)), probers.find("/app-health/web/readyz").get());
        assertEquals(new AppProbe.Grpc(9000, Optional.of("health"), Duration.ofSeconds(2)),
                probers.find("/app-health/api/startupz").get());
        assertEquals(new AppProbe.Http("/drain", 8080, Optional.empty(), false, List.of(), Duration.ofSeconds(30)),
                probers.find("/app-lifecycle/web/prestopz").get());
    }

    @Test
    void absentOrEmptyMeansNoProbes() {
        assertTrue(AppProbers.parse(null).byPath().isEmpty());
        assertTrue(AppProbers.parse("").byPath().isEmpty());
        assertTrue(AppProbers.parse("{}").byPath().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON      | {nope                                                        | ISTIO_KUBE_APP_PROBERS is not JSON",
        "not an object | []                                                           | must be a JSON object of path -> probe",
        "wrong path    | {\"/healthz\":{\"tcpSocket\":{\"port\":1}}}                  | the path must start with /app-health/",
        "no handler    | {\"/app-health/a/livez\":{\"timeoutSeconds\":1}}             | needs exactly one of httpGet, tcpSocket, grpc",
        "named port    | {\"/app-health/a/livez\":{\"tcpSocket\":{\"port\":\"http\"}}} | port must be a number (the injector resolves named ports)",
        "port range    | {\"/app-health/a/livez\":{\"tcpSocket\":{\"port\":0}}}       | port 0 is outside 1-65535",
        "bad scheme    | {\"/app-health/a/livez\":{\"httpGet\":{\"port\":1,\"scheme\":\"FTP\"}}} | httpGet.scheme must be HTTP or HTTPS",
        "header CRLF   | {\"/app-health/a/livez\":{\"httpGet\":{\"port\":1,\"httpHeaders\":[{\"name\":\"X\",\"value\":\"a\\r\\nb\"}]}}} | value contains a control character",
        "bad timeout   | {\"/app-health/a/livez\":{\"tcpSocket\":{\"port\":1},\"timeoutSeconds\":\"1s\"}} | timeoutSeconds must be a whole number",
    })
    void refusesWhatItCannotServeWithAMessage(String name, String json, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppProbers.parse(json));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
