package dev.bollard.webhook.ca;

/**
 * Where the signing CA comes from in the webhook: {@code ca.store.CaStore}. Declared here so that
 * the signing core names what it needs without depending on how the CA is stored; tests and
 * benchmarks hand {@link CertificateAuthority} a {@code Supplier<CaBundle>} instead.
 */
public interface CaSource {

    /** The CA to sign with now; a CA that cannot be had is a {@link CaRefusedException} (503). */
    CaBundle current();
}
