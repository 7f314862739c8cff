package dev.bollard.webhook.http;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;

/** What the listener must do on either TLS stack: name it in the metrics, offer h2, accept TLS 1.2 and 1.3. */
abstract class TlsListenerContract {
    @TestHTTPResource(value = "/", tls = true)
    URI base;

    abstract TlsStack expected();

    @Test
    void namesItsStackInTheMetrics() {
        TlsProbe.assertStackMetric(expected());
    }

    @Test
    void offersHttp2ByAlpn() throws Exception {
        TlsProbe.assertHttp2(base);
    }

    @Test
    void acceptsTls12AndTls13() throws Exception {
        TlsProbe.assertHandshakes(base, "TLSv1.2");
        TlsProbe.assertHandshakes(base, "TLSv1.3");
    }
}
