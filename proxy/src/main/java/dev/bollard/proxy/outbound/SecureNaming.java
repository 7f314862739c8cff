package dev.bollard.proxy.outbound;

import java.util.Optional;

import dev.bollard.identity.SpiffeId;
import dev.bollard.proxy.state.MeshEndpoint;
import dev.bollard.proxy.tls.MtlsAlpn;

/**
 * Secure naming (pure): the server of an outbound mTLS connection must present exactly the SPIFFE ID
 * the control plane lists for the destination IP, so that a compromised pod cannot answer for
 * another pod's address. Also requires our ALPN token: a TLS server that did not select it is not a
 * Bollard sidecar, whatever its certificate says.
 */
public final class SecureNaming {
    private SecureNaming() {
    }

    /** The reason to refuse, or empty when the peer is the one listed. */
    public static Optional<String> check(MeshEndpoint endpoint, String negotiatedAlpn, Optional<SpiffeId> peer) {
        String ip = endpoint.ip().getHostAddress();
        if (!MtlsAlpn.TOKEN.equals(negotiatedAlpn)) {
            return Optional.of("peer at " + ip + " did not negotiate ALPN " + MtlsAlpn.TOKEN + " (got "
                    + (negotiatedAlpn == null ? "none" : negotiatedAlpn) + "); not a mesh sidecar");
        }
        if (peer.isEmpty()) {
            return Optional.of("peer certificate carries no SPIFFE ID; expected " + endpoint.identity()
                    + ", the identity the control plane lists for " + ip);
        }
        if (!peer.get().equals(endpoint.identity())) {
            return Optional.of("peer identity " + peer.get() + " is not " + endpoint.identity()
                    + ", the identity the control plane lists for " + ip);
        }
        return Optional.empty();
    }
}
