package dev.bollard.proxy.inbound;

import dev.bollard.proxy.inbound.ClientHelloSniffer.Verdict;
import dev.bollard.proxy.state.MtlsPolicy;
import dev.bollard.proxy.state.PeerAuthenticationMode;

/**
 * What inbound does with a connection, from the effective PeerAuthentication mode of its original
 * port and what the sniffer saw (pure):
 * <pre>
 *   mode        mesh mTLS hello    plaintext / other TLS    nothing before the sniff timeout
 *   DISABLE     (not sniffed: plaintext to the application, whatever the client sends)
 *   PERMISSIVE  terminate          plaintext                plaintext (a server-first protocol)
 *   STRICT      terminate          refuse                   refuse
 * </pre>
 * An application's own TLS (a hello without {@code bollard-mtls}) is plaintext to the mesh: under
 * PERMISSIVE it reaches the application untouched, under STRICT it is refused like plaintext.
 */
public final class InboundPolicy {
    public enum Action { TERMINATE_MTLS, PLAINTEXT, REFUSE }

    private InboundPolicy() {
    }

    /** True when the first bytes must be sniffed before deciding (every mode but DISABLE). */
    public static boolean sniffs(PeerAuthenticationMode mode) {
        return mode != PeerAuthenticationMode.DISABLE;
    }

    /**
     * @param verdict the sniffer's verdict; {@link Verdict#NEED_MORE} when the timeout (or the end
     *                of the client's input) came first
     */
    public static Action decide(PeerAuthenticationMode mode, Verdict verdict) {
        if (mode == PeerAuthenticationMode.DISABLE) {
            return Action.PLAINTEXT;
        }
        if (verdict == Verdict.MESH_MTLS) {
            return Action.TERMINATE_MTLS;
        }
        return mode == PeerAuthenticationMode.STRICT ? Action.REFUSE : Action.PLAINTEXT;
    }

    /** The log's reason for a refusal, naming the policy that made the port STRICT. */
    public static String refusal(MtlsPolicy policy) {
        return "plaintext connection refused by STRICT PeerAuthentication "
                + (policy.source().isEmpty() ? "(unnamed)" : policy.source());
    }
}
