package dev.bollard.webhook.http;

import io.quarkus.test.junit.QuarkusTest;

/** By default the listener runs on BoringSSL (the build ships its linux-x86_64 library). */
@QuarkusTest
class TlsStackResourceTest extends TlsListenerContract {
    @Override
    TlsStack expected() {
        return TlsStack.BORINGSSL;
    }
}
