package dev.bollard.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * What a pod, a CA Secret or a mounted cacerts directory can hand the PEM and X.509 code (seeds in
 * {@code PemFuzzTestInputs/}: openssl roots, chains, CSRs and keys). Every reader either returns a
 * value or throws {@link IllegalArgumentException} with a message; the identity and chain checks
 * on whatever parsed do the same.
 */
class PemFuzzTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @FuzzTest(maxDuration = "60s")
    void anyPemTextIsReadOrRefused(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        refusedWithMessage(() -> checkCertificates(Pem.certificates(text, "input")));
        refusedWithMessage(() -> Pem.certificateHolders(text, "input"));
        refusedWithMessage(() -> Pem.csr(text, "input"));
        refusedWithMessage(() -> Pem.privateKey(text, "input"));
    }

    @FuzzTest(maxDuration = "60s")
    void anyDerCertificateIsReadOrRefused(byte[] der) {
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
        refusedWithMessage(() -> checkCertificates(Pem.certificates(pem, "input")));
        refusedWithMessage(() -> Pem.certificateHolder(pem, "input"));
    }

    private static void checkCertificates(List<X509Certificate> certificates) {
        for (X509Certificate certificate : certificates) {
            refusedWithMessage(() -> CertificateIdentity.of(certificate));
            refusedWithMessage(() -> CertificateChains.requireEndEntity(certificate));
        }
        refusedWithMessage(() -> CertificateChains.verify(certificates, List.of(certificates.get(certificates.size() - 1)), NOW));
    }

    /** Runs {@code read}; the only failure allowed is a refusal that says what is wrong. */
    private static void refusedWithMessage(Runnable read) {
        try {
            read.run();
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "a refusal says why");
        }
    }
}
