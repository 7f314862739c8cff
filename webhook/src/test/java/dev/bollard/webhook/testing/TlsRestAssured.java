package dev.bollard.webhook.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Declares {@link DevTlsResource} once for the whole test run (it is not restricted to a class). */
@QuarkusTestResource(DevTlsResource.class)
public final class TlsRestAssured {
    private TlsRestAssured() {
    }
}
