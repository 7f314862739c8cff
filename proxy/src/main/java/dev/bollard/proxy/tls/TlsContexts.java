package dev.bollard.proxy.tls;

import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import dev.bollard.identity.CertificateIdentity;
import dev.bollard.identity.SpiffeId;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * One generation of the workload's TLS: the server context (inbound mTLS termination: client
 * certificate required, chain verified against the mesh roots by {@link MeshTrustManager}) and the
 * client context (outbound mTLS origination with our certificate), both TLS 1.3 only with ALPN
 * {@link MtlsAlpn#TOKEN}.
 * Immutable; {@link WorkloadTls} swaps whole generations, and a connection keeps the one it
 * started with, so rotation never touches an open connection.
 * <p>
 * Neither context checks host names: a mesh peer is identified by the SPIFFE ID in its URI SAN,
 * which the caller reads with {@link #peerIdentity} and compares to what the control plane lists.
 */
public record TlsContexts(SslContext server, SslContext client, SslProvider provider) {
    private static final String[] PROTOCOLS = {"TLSv1.3"};
    /**
     * The in-memory key store through which Netty hands a key and chain to its key manager, for
     * every context of the sidecar that presents the workload certificate. The JDK's default,
     * PKCS#12, protects the key with 10,000 rounds of PBKDF2 on the way in and again on the way
     * out, twice per context (~125 ms of CPU per rotation with C1, more at start in the
     * interpreter); JKS's protection is a few SHA-1 rounds. The store never leaves memory, so its
     * protection protected nothing.
     */
    public static final String KEY_HANDOVER_STORE = "JKS";

    public TlsContexts {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(provider, "provider");
    }

    public static TlsContexts build(SslProvider provider, PrivateKey key, List<X509Certificate> chain,
                                    List<X509Certificate> trustedRoots) throws SSLException {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("TLS: the certificate chain is empty");
        }
        X509Certificate[] certs = chain.toArray(X509Certificate[]::new);
        // one trust manager for both sides and the whole generation: anchors and parameters built once
        MeshTrustManager trust = new MeshTrustManager(trustedRoots);
        // NO_ADVERTISE/ACCEPT: the only failure behaviours both providers implement; the outbound
        // side checks the negotiated protocol itself, and inbound only terminates hellos that offer it.
        ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(Protocol.ALPN,
                SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, MtlsAlpn.TOKEN);
        SslContext server = SslContextBuilder.forServer(key, certs)
                .keyStoreType(KEY_HANDOVER_STORE)
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .trustManager(trust)
                .clientAuth(ClientAuth.REQUIRE)
                .applicationProtocolConfig(alpn)
                .build();
        SslContext client = SslContextBuilder.forClient()
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .keyManager(key, certs)
                .keyStoreType(KEY_HANDOVER_STORE)
                .trustManager(trust)
                .applicationProtocolConfig(alpn)
                .build();
        return new TlsContexts(server, client, provider);
    }

    /**
     * The SPIFFE ID of a handshaken session's peer: its leaf under the X509-SVID rule of
     * {@link CertificateIdentity#of} (exactly one URI SAN, a valid {@code spiffe://} ID). Read once,
     * by {@link MeshTrustManager} when it verified the chain; a session it did not see (a resumed
     * one) has its peer's leaf read here.
     *
     * @throws IllegalArgumentException saying why the peer has no identity
     */
    public static SpiffeId peerIdentity(SSLSession session) {
        if (session.getValue(MeshTrustManager.PEER_ID) instanceof SpiffeId verified) {
            return verified;
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            // both contexts require the peer's certificate, so only a session that never finished gets here
            throw new IllegalArgumentException("peer presented no verified certificate", e);
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            throw new IllegalArgumentException("peer presented no X.509 certificate");
        }
        return CertificateIdentity.of(leaf);
    }
}
