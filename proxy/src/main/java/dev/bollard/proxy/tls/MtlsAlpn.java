package dev.bollard.proxy.tls;

/**
 * The ALPN protocol our sidecars offer each other. Inbound sniffs the ClientHello for it to tell
 * mesh mTLS (terminate) from an application's own TLS or plaintext (pass through or refuse); a
 * token of our own, not {@code h2} or {@code http/1.1}, so that an application speaking TLS to a
 * meshed port is never mistaken for a peer sidecar. Istio uses {@code istio-peer-exchange}/{@code istio}
 * for the same purpose.
 */
public final class MtlsAlpn {
    public static final String TOKEN = "bollard-mtls";

    private MtlsAlpn() {
    }
}
