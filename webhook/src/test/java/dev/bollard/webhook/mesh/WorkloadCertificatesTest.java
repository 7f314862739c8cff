package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bollard.identity.Keys;
import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;
import dev.bollard.webhook.ca.TestCas;
import dev.bollard.webhook.ca.X509Templates;

/** Chain checks of feed clients, for a self-signed CA and for a plug-in CA with an intermediate. */
class WorkloadCertificatesTest {
    static final SpiffeId ID = SpiffeId.forServiceAccount(TrustDomain.parse("cluster.local"), "demo", "a");

    private final TestCas.Plugin plugin = TestCas.plugin(Duration.ofHours(3));
    private final KeyPair key = Keys.newP256();
    private final X509Certificate leaf = MeshRoots.toX509(X509Templates.leaf(ID, key.getPublic(), plugin.bundle(),
            Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600)));
    private final X509Certificate intermediate = MeshRoots.toX509(plugin.bundle().certificate());
    private final X509Certificate root = MeshRoots.toX509(plugin.bundle().root());

    @Test
    void acceptsALeafOfAnIntermediateSentWithItsChain() {
        assertEquals(ID, WorkloadCertificates.verify(List.of(leaf, intermediate), List.of(root), List.of(intermediate), new Date()));
        assertEquals(ID, WorkloadCertificates.verify(List.of(leaf, intermediate, root), List.of(root), List.of(), new Date()));
    }

    @Test
    void acceptsALeafOfAnIntermediateSentAlone() {
        assertEquals(ID, WorkloadCertificates.verify(List.of(leaf), List.of(root), List.of(intermediate), new Date()));
    }

    @Test
    void refusesALeafWhoseIntermediateIsUnknown() {
        FeedRefusal refusal = assertThrows(FeedRefusal.class,
                () -> WorkloadCertificates.verify(List.of(leaf), List.of(root), List.of(), new Date()));
        assertEquals(401, refusal.status());
        assertTrue(refusal.getMessage().contains("not issued by the workload CA"), refusal.getMessage());
    }

    @Test
    void refusesAnIntermediateOfAnotherRoot() {
        X509Certificate otherRoot = MeshRoots.toX509(TestCas.selfSigned(Duration.ofDays(1)).root());
        FeedRefusal refusal = assertThrows(FeedRefusal.class,
                () -> WorkloadCertificates.verify(List.of(leaf, intermediate), List.of(otherRoot), List.of(), new Date()));
        assertEquals(401, refusal.status());
    }
}
