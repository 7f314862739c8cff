package dev.bollard.proxy.cert;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The CA's 200 answer as sent: PEM text, checked by {@link ChainVerifier} before anything is trusted. */
@JsonIgnoreProperties(ignoreUnknown = true)
record CaResponse(List<String> certChain, String rootCert) {
    CaResponse {
        if (certChain == null || certChain.isEmpty()) {
            throw new IllegalArgumentException("CA response has no certChain");
        }
        if (rootCert == null || rootCert.isBlank()) {
            throw new IllegalArgumentException("CA response has no rootCert");
        }
        certChain = List.copyOf(certChain);
    }
}
