package dev.bollard.proxy.tls;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

import dev.bollard.identity.CertificateIdentity;
import dev.bollard.identity.SpiffeId;

/**
 * Checks a mesh peer's certificate chain in the handshake: the path validated (PKIX: signatures,
 * validity now, issuer names, basic constraints and CA key usage, the JDK's disabled algorithms)
 * to one of the mesh roots, and the leaf usable for its side of TLS (keyUsage digitalSignature,
 * extendedKeyUsage clientAuth for a client, serverAuth for a server); then the leaf's SPIFFE ID,
 * read once, is left in the handshake session for {@link TlsContexts#peerIdentity}.
 * <p>
 * Why not the JDK's trust manager, which the contexts used before: per handshake it rebuilt its
 * validator parameters, asked the engine for its SSL parameters (Netty's BoringSSL engine builds
 * its cipher suite sets anew for that), and its end-entity checker read the Netscape certificate
 * type extension our certificates do not carry by throwing and catching two exceptions; and the
 * SPIFFE ID was parsed again after the handshake from freshly wrapped peer certificates. This one
 * builds anchors and parameters once per certificate generation, checks what a mesh peer is held
 * to, and reads the identity once (InboundConnectionBenchmark under JFR: verification and identity
 * 179 Java samples per 8,000 connections before, 111 after; some 15 µs a connection). No
 * revocation checking, as before: mesh certificates live for hours.
 * <p>
 * A chain that passed is remembered by its exact encoding (and the purpose it passed for): the
 * same bytes verify the same way against the same roots, so a peer that connects again is checked
 * for the validity window alone. Peers reconnect all the time (every connection of a client pod
 * presents the same chain until its certificate rotates), and validation was a tenth of the inbound
 * proxy's CPU per new connection. At most {@value #REMEMBERED} chains per generation; a chain past
 * its {@code notAfter} (or before its {@code notBefore}) is validated in full again, and fails.
 */
final class MeshTrustManager extends X509ExtendedTrustManager {
    /** The session value under which the verified peer's {@link SpiffeId} is left. */
    static final String PEER_ID = "dev.bollard.proxy.peer-spiffe-id";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String ANY_PURPOSE = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;

    /** Chains remembered per trust manager (one certificate generation); the whole memory is dropped when full. */
    static final int REMEMBERED = 1024;

    private final X509Certificate[] roots;
    private final ConcurrentHashMap<EncodedChain, Passed> passed = new ConcurrentHashMap<>();
    private final Set<X509Certificate> rootSet;
    private final PKIXParameters parameters;
    private final LongSupplier clock;

    MeshTrustManager(List<X509Certificate> trustedRoots) {
        this(trustedRoots, System::currentTimeMillis);
    }

    /** @param clock the time validity is checked at, in epoch milliseconds ({@link System#currentTimeMillis} but in tests) */
    MeshTrustManager(List<X509Certificate> trustedRoots, LongSupplier clock) {
        this.clock = clock;
        if (trustedRoots.isEmpty()) {
            throw new IllegalArgumentException("TLS: no trusted roots");
        }
        this.roots = trustedRoots.toArray(X509Certificate[]::new);
        this.rootSet = Set.copyOf(trustedRoots);
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate root : roots) {
            anchors.add(new TrustAnchor(root, null));
        }
        try {
            // never changed after this: validate() only reads it, so every event loop thread shares it
            parameters = new PKIXParameters(anchors);
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalArgumentException("TLS: unusable trusted roots: " + e.getMessage(), e);
        }
        parameters.setRevocationEnabled(false);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, CLIENT_AUTH, "client", engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, SERVER_AUTH, "server", engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, CLIENT_AUTH, "client", null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, SERVER_AUTH, "server", null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, CLIENT_AUTH, "client", null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, SERVER_AUTH, "server", null);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return roots.clone();
    }

    /**
     * The JDK's own parse of a certificate's encoding. Netty hands over lazy wrappers that parse
     * again on every read, so the validator would re-parse, re-hash (the untrusted-certificate
     * check) and re-verify them per handshake; the JDK's factory keeps recently parsed certificates
     * by their encoding, with the signatures they were already verified under.
     */
    private static X509Certificate parsed(CertificateFactory factory, byte[] encoded) throws CertificateException {
        return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(encoded));
    }

    /** A chain as its peer sent it, and the purpose it was checked for; equal when every byte is. */
    private static final class EncodedChain {
        private final byte[][] certificates;
        private final String purpose;
        private final int hash;

        EncodedChain(byte[][] certificates, String purpose) {
            this.certificates = certificates;
            this.purpose = purpose;
            this.hash = 31 * Arrays.deepHashCode(certificates) + purpose.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EncodedChain other && hash == other.hash && purpose.equals(other.purpose)
                    && Arrays.deepEquals(certificates, other.certificates);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * What a chain that passed left behind: the window in which every certificate of its path is
     * valid, and its leaf's SPIFFE ID (null when it has none; {@link TlsContexts#peerIdentity} says why).
     */
    private record Passed(long notBeforeMillis, long notAfterMillis, SpiffeId peer) {
        boolean validAt(long millis) {
            return notBeforeMillis <= millis && millis <= notAfterMillis;
        }
    }

    private void check(X509Certificate[] chain, String purpose, String side, SSLSession session) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the " + side + " sent no certificate");
        }
        byte[][] encoded = new byte[chain.length][];
        for (int i = 0; i < chain.length; i++) {
            encoded[i] = chain[i].getEncoded();
        }
        EncodedChain key = new EncodedChain(encoded, purpose);
        Passed known = passed.get(key);
        long now = clock.getAsLong();
        if (known == null || !known.validAt(now)) {
            known = validate(encoded, purpose, side, now);
            if (passed.size() >= REMEMBERED) {
                passed.clear();
            }
            passed.put(key, known);
        }
        if (session != null && known.peer() != null) {
            session.putValue(PEER_ID, known.peer());
        }
    }

    /** The full check (path, validity now, key usage, purpose); throws saying why a chain fails. */
    private Passed validate(byte[][] chain, String purpose, String side, long now) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> path = new ArrayList<>(chain.length);
        for (byte[] certificate : chain) {
            path.add(parsed(factory, certificate));
        }
        while (path.size() > 1 && rootSet.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1); // a peer may send the root too; the path ends below its trust anchor
        }
        try {
            PKIXParameters at = (PKIXParameters) parameters.clone(); // shared by the event loops: never changed
            at.setDate(new Date(now));
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), at);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the " + side + "'s certificate does not chain to the mesh roots: " + e.getMessage(), e);
        }
        X509Certificate leaf = path.get(0);
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null && (usage.length <= DIGITAL_SIGNATURE || !usage[DIGITAL_SIGNATURE])) {
            throw new CertificateException("the " + side + "'s certificate may not sign (keyUsage lacks digitalSignature)");
        }
        List<String> purposes;
        try {
            purposes = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new CertificateException("the " + side + "'s certificate extendedKeyUsage is unreadable: " + e.getMessage(), e);
        }
        if (purposes != null && !purposes.contains(purpose) && !purposes.contains(ANY_PURPOSE)) {
            throw new CertificateException("the " + side + "'s certificate is not valid for TLS " + side
                    + " authentication (extendedKeyUsage)");
        }
        SpiffeId peer;
        try {
            peer = CertificateIdentity.of(leaf);
        } catch (IllegalArgumentException e) {
            peer = null; // no SPIFFE ID: TlsContexts.peerIdentity says why, after the handshake, as for any peer
        }
        long notBefore = Long.MIN_VALUE;
        long notAfter = Long.MAX_VALUE;
        for (X509Certificate certificate : path) {
            notBefore = Math.max(notBefore, certificate.getNotBefore().getTime());
            notAfter = Math.min(notAfter, certificate.getNotAfter().getTime());
        }
        return new Passed(notBefore, notAfter, peer);
    }
}
