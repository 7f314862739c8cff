package dev.bollard.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.bollard.identity.SpiffeId;
import dev.bollard.proxy.testing.TestPki;

class PeerIdentityTest {
    static final TestPki PKI = new TestPki("root");

    static Optional<SpiffeId> of(String... uris) {
        return PeerIdentity.of(PKI.workload(uris).chain().get(0));
    }

    @Test
    void exactlyOneSpiffeUri() {
        assertEquals(Optional.of(SpiffeId.parse("spiffe://cluster.local/ns/demo/sa/a")), of("spiffe://cluster.local/ns/demo/sa/a"));
        assertEquals(Optional.empty(), of());
        assertEquals(Optional.empty(), of("spiffe://cluster.local/ns/demo/sa/a", "spiffe://cluster.local/ns/demo/sa/b"));
        assertEquals(Optional.empty(), of("https://cluster.local/ns/demo/sa/a"));
        assertEquals(Optional.empty(), of("spiffe://cluster.local/ns/demo/sa/a?x=1"));
        assertEquals(Optional.empty(), of("spiffe://cluster.local/ns/demo/../sa/a"));
    }
}
