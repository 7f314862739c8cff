package dev.bollard.webhook.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bollard.identity.Pem;
import dev.bollard.webhook.ops.FakeCa;

class ServingKeyStoreTest {
    private static final char[] PASSWORD = "in-memory".toCharArray();

    private final ServingPair pair = new FakeCa().issueServing(List.of("webhook.example.com"), Duration.ofDays(90));

    @Test
    void theStoreHoldsThePairAsItsOnlyKeyEntry() throws Exception {
        KeyStore store = ServingKeyStore.storeOf(pair, PASSWORD);
        assertEquals(List.of(ServingKeyStore.ALIAS), Collections.list(store.aliases()));
        assertArrayEquals(Pem.certificates(pair.chainPem(), "chain").toArray(X509Certificate[]::new),
                store.getCertificateChain(ServingKeyStore.ALIAS));
    }

    @Test
    void theKeyComesBackAsItWasGiven() throws Exception {
        KeyStore store = ServingKeyStore.storeOf(pair, PASSWORD);
        assertArrayEquals(Pem.privateKey(pair.keyPem(), "key").getEncoded(), store.getKey(ServingKeyStore.ALIAS, PASSWORD).getEncoded());
    }
}
