package dev.bollard.webhook.mesh;

import java.net.URI;

import jakarta.inject.Inject;

import dev.bollard.webhook.ca.CertificateAuthority;
import io.quarkus.test.common.http.TestHTTPResource;

/** What a test of the feed over HTTPS needs: the TLS listener, the workload CA that issues proxies' certificates, the model. */
abstract class FeedServerTest {
    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Inject
    CertificateAuthority ca;

    @Inject
    MeshModel model;
}
