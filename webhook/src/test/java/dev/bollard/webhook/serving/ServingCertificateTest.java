package dev.bollard.webhook.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

import dev.bollard.identity.Pem;
import dev.bollard.webhook.ops.FakeCa;
import dev.bollard.webhook.ops.FakeCaProfile;

/**
 * Without serving files the webhook presents a certificate it issued from its CA for the Service
 * names, and swaps in a new one, on the live listener, when the CA rotates.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(FakeCaProfile.class)
class ServingCertificateTest {
    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Inject
    FakeCa ca;

    @Inject
    ServingCertificateRenewer renewer;

    @Test
    void listenerPresentsASelfIssuedCertificateForTheServiceNames() throws Exception {
        X509Certificate leaf = presented()[0];
        List<String> names = ServingPair.dnsNamesOf(leaf);
        assertEquals(List.of("bollard", "bollard.bollard-system", "bollard.bollard-system.svc",
                "bollard.bollard-system.svc.cluster.local"), names);
        leaf.verify(root(ca.rootPem()).getPublicKey());
    }

    @Test
    void renewalSwapsTheCertificateOnTheLiveListenerWhenTheCaRotates() throws Exception {
        X509Certificate before = presented()[0];
        assertFalse(renewer.renewIfDue(), "nothing is due while the CA is unchanged");

        ca.rotate();
        assertTrue(renewer.renewIfDue());
        X509Certificate after = presented()[0];
        assertNotEquals(before.getSerialNumber(), after.getSerialNumber());
        after.verify(root(ca.rootPem()).getPublicKey());
    }

    private static X509Certificate root(String pem) {
        return Pem.certificates(pem, "root").get(0);
    }

    private X509Certificate[] presented() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        X509Certificate[][] seen = new X509Certificate[1][];
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain;
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(base.getHost(), base.getPort())) {
            socket.startHandshake();
        }
        return seen[0];
    }
}
