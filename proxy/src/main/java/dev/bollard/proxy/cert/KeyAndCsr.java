package dev.bollard.proxy.cert;

import java.security.KeyPair;
import java.util.Objects;

/** A fresh key pair and the PEM PKCS#10 request proving possession of it. The key never leaves the pod. */
record KeyAndCsr(KeyPair key, String csrPem) {
    KeyAndCsr {
        Objects.requireNonNull(key, "key");
        if (csrPem == null || !csrPem.startsWith("-----BEGIN CERTIFICATE REQUEST-----")) {
            throw new IllegalArgumentException("CSR must be a PEM CERTIFICATE REQUEST");
        }
    }

    @Override
    public String toString() {
        // records print their components; a private key must never reach a log line
        return "KeyAndCsr[" + key.getPublic().getAlgorithm() + " key, CSR " + csrPem.length() + " chars]";
    }
}
