package dev.bollard.webhook.ca;

/**
 * Where the signing CA comes from: {@code ca.store.CaStore} in the webhook, a fixed bundle in tests
 * and benchmarks. Declared here so that the signing core names what it needs without depending on
 * how the CA is stored.
 */
public interface CaSource {

    /** The CA to sign with now; a CA that cannot be had is a {@link CaRefusedException} (503). */
    CaBundle current();
}
