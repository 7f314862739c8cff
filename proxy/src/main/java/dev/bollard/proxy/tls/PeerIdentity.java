package dev.bollard.proxy.tls;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import dev.bollard.identity.SpiffeId;

/**
 * The peer's SPIFFE ID from its leaf certificate: the X509-SVID rule, exactly one URI SAN and it
 * must be a valid {@code spiffe://} ID; anything else is no identity (a leaf with two URIs could
 * answer for two workloads). A small local helper: the identity module does not (yet) offer one.
 */
public final class PeerIdentity {
    private static final int SAN_URI = 6;

    private PeerIdentity() {
    }

    public static Optional<SpiffeId> of(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? of(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    public static Optional<SpiffeId> of(X509Certificate leaf) {
        Collection<List<?>> sans;
        try {
            sans = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (sans == null) {
            return Optional.empty();
        }
        List<String> uris = sans.stream()
                .filter(san -> san.size() >= 2 && san.get(0) instanceof Integer type && type == SAN_URI)
                .map(san -> String.valueOf(san.get(1)))
                .toList();
        if (uris.size() != 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(SpiffeId.parse(uris.get(0)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
