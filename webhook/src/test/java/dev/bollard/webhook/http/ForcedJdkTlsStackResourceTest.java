package dev.bollard.webhook.http;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The fallback serves as the default does: bollard.edge.tls-stack=jdk, as where BoringSSL does not load. */
@QuarkusTest
@TestProfile(ForcedJdkTlsProfile.class)
class ForcedJdkTlsStackResourceTest extends TlsListenerContract {
    @Override
    TlsStack expected() {
        return TlsStack.JDK;
    }
}
