package dev.bollard.proxy.state;

import java.util.Locale;

/**
 * The mTLS mode a PeerAuthentication gives a workload port, after the control plane resolved
 * inheritance: UNSET never reaches the proxy (istiod's rule: UNSET inherits from the parent
 * policy, and no policy at all means PERMISSIVE).
 */
public enum PeerAuthenticationMode {
    /** Only mutual TLS from the mesh; plaintext connections are closed. */
    STRICT,
    /** Mutual TLS when the client offers it, plaintext otherwise. */
    PERMISSIVE,
    /** Plaintext only: the proxy does not terminate TLS, and clients do not originate it. */
    DISABLE;

    /** {@code STRICT}, {@code strict}: as the feed and PeerAuthentication spell them. */
    public static PeerAuthenticationMode parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("mTLS mode: is missing");
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mTLS mode: '" + text + "' is not one of STRICT, PERMISSIVE, DISABLE", e);
        }
    }
}
