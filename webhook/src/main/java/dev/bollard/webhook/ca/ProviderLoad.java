package dev.bollard.webhook.ca;

import java.security.Provider;
import java.util.Objects;
import java.util.Optional;

/**
 * One candidate provider and what happened when it was loaded: the instance and how to name it,
 * or why it cannot be used. A value, so that the choice between candidates is a pure function.
 *
 * @param detail the name to log when loaded ("ACCP 2.5.0 (native, linux-x86_64)"), else the reason
 */
record ProviderLoad(String id, Optional<Provider> provider, String detail) {

    ProviderLoad {
        Objects.requireNonNull(id, "provider id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(detail, "detail");
    }

    static ProviderLoad loaded(String id, Provider provider, String name) {
        return new ProviderLoad(id, Optional.of(provider), name);
    }

    static ProviderLoad failed(String id, String reason) {
        return new ProviderLoad(id, Optional.empty(), reason);
    }

    boolean isLoaded() {
        return provider.isPresent();
    }
}
