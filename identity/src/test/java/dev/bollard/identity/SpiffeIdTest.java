package dev.bollard.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SpiffeIdTest {

    @Test
    void parsesAServiceAccountIdentity() {
        SpiffeId id = SpiffeId.parse("spiffe://cluster.local/ns/default/sa/web");
        assertEquals("cluster.local", id.trustDomain().name());
        assertEquals("/ns/default/sa/web", id.path());
        assertEquals(Optional.of("default"), id.namespace());
        assertEquals("spiffe://cluster.local/ns/default/sa/web", id.toString());
    }

    @Test
    void buildsTheIstioFormForAServiceAccount() {
        assertEquals(SpiffeId.parse("spiffe://example.org/ns/shop/sa/cart"),
                SpiffeId.forServiceAccount(new TrustDomain("example.org"), "shop", "cart"));
    }

    @Test
    void acceptsATrustDomainIdWithoutPath() {
        assertEquals("", SpiffeId.parse("spiffe://cluster.local").path());
        assertEquals("cluster.local", TrustDomain.parse("spiffe://cluster.local").name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "''|is empty",
        "http://cluster.local/ns/a/sa/b|scheme is missing or invalid",
        "SPIFFE://cluster.local/ns/a/sa/b|scheme is missing or invalid",
        "spiffe:///ns/a/sa/b|trust domain is missing",
        "spiffe://cluster.local:8443/ns/a|port is not allowed",
        "spiffe://user@cluster.local/ns/a|user info is not allowed",
        "spiffe://Cluster.local/ns/a|character 'C'",
        "spiffe://cluster.local/ns/a?x=1|query is not allowed",
        "spiffe://cluster.local/ns/a#frag|fragment is not allowed",
        "spiffe://cluster.local/ns//sa/b|empty segments",
        "spiffe://cluster.local/ns/a/|trailing '/'",
        "spiffe://cluster.local/ns/../sa/b|dot segments",
        "spiffe://cluster.local/ns/a%20b|path character '%'",
    })
    void rejectsInvalidIds(String id, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpiffeId.parse(id));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void rejectsAnEmptyServiceAccount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpiffeId.forServiceAccount(new TrustDomain("cluster.local"), "ns", ""));
        assertTrue(e.getMessage().contains("service account is empty"), e.getMessage());
    }
}
