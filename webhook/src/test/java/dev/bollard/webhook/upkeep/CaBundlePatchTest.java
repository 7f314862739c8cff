package dev.bollard.webhook.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class CaBundlePatchTest {

    @Test
    void setsEveryStaleOrMissingBundleGuardedByTheWebhookName() {
        String patch = CaBundlePatch.of(List.of(
                new CaBundlePatch.Entry("a.bollard.dev", null),
                new CaBundlePatch.Entry("b.bollard.dev", "Tk9X"),
                new CaBundlePatch.Entry("c.bollard.dev", "b2xk")), "Tk9X");
        assertEquals("[{\"op\":\"test\",\"path\":\"/webhooks/0/name\",\"value\":\"a.bollard.dev\"},"
                + "{\"op\":\"add\",\"path\":\"/webhooks/0/clientConfig/caBundle\",\"value\":\"Tk9X\"},"
                + "{\"op\":\"test\",\"path\":\"/webhooks/2/name\",\"value\":\"c.bollard.dev\"},"
                + "{\"op\":\"add\",\"path\":\"/webhooks/2/clientConfig/caBundle\",\"value\":\"Tk9X\"}]", patch);
    }

    @Test
    void currentBundlesNeedNoPatch() {
        assertEquals("", CaBundlePatch.of(List.of(new CaBundlePatch.Entry("a", "Tk9X")), "Tk9X"));
        assertEquals("", CaBundlePatch.of(List.of(), "Tk9X"));
    }

    @Test
    void bundleIsTheBase64OfThePem() {
        assertEquals("LS0tLS1CRUdJTg==", CaBundlePatch.encode("-----BEGIN"));
    }
}
