package dev.bollard.proxy.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLException;

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
 * certificate required, chain verified against the mesh roots) and the client context (outbound
 * mTLS origination with our certificate), both TLS 1.3 only with ALPN {@link MtlsAlpn#TOKEN}.
 * Immutable; {@link WorkloadTls} swaps whole generations, and a connection keeps the one it
 * started with, so rotation never touches an open connection.
 * <p>
 * Neither context checks host names: a mesh peer is identified by the SPIFFE ID in its URI SAN,
 * which the caller compares to what the control plane lists ({@link PeerIdentity}).
 */
public record TlsContexts(SslContext server, SslContext client, SslProvider provider) {
    private static final String[] PROTOCOLS = {"TLSv1.3"};

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
        if (trustedRoots.isEmpty()) {
            throw new IllegalArgumentException("TLS: no trusted roots");
        }
        X509Certificate[] certs = chain.toArray(X509Certificate[]::new);
        X509Certificate[] roots = trustedRoots.toArray(X509Certificate[]::new);
        // NO_ADVERTISE/ACCEPT: the only failure behaviours both providers implement; the outbound
        // side checks the negotiated protocol itself, and inbound only terminates hellos that offer it.
        ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(Protocol.ALPN,
                SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, MtlsAlpn.TOKEN);
        SslContext server = SslContextBuilder.forServer(key, certs)
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .trustManager(roots)
                .clientAuth(ClientAuth.REQUIRE)
                .applicationProtocolConfig(alpn)
                .build();
        SslContext client = SslContextBuilder.forClient()
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .keyManager(key, certs)
                .trustManager(roots)
                .applicationProtocolConfig(alpn)
                .build();
        return new TlsContexts(server, client, provider);
    }
}
