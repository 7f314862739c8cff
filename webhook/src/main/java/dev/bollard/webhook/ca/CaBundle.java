package dev.bollard.webhook.ca;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import dev.bollard.identity.Keys;

/**
 * The signing CA: its certificate and key, the intermediates between it and the root, and the
 * root. For the default self-signed CA {@code certificate} is the root and {@code intermediates}
 * is empty; for a plug-in CA (Istio {@code cacerts}) it is the intermediate.
 */
public record CaBundle(X509CertificateHolder certificate, PrivateKey key, List<X509CertificateHolder> intermediates,
        X509CertificateHolder root) {

    public CaBundle {
        Objects.requireNonNull(certificate, "CA certificate");
        Objects.requireNonNull(key, "CA key");
        Objects.requireNonNull(root, "root certificate");
        intermediates = List.copyOf(intermediates);
        BasicConstraints constraints = BasicConstraints.fromExtensions(certificate.getExtensions());
        if (constraints == null || !constraints.isCA()) {
            throw new IllegalArgumentException("CA certificate " + certificate.getSubject() + " is not a CA (basicConstraints CA:true missing)");
        }
    }

    /** A self-signed root that signs directly. */
    public static CaBundle selfSigned(X509CertificateHolder root, PrivateKey key) {
        return new CaBundle(root, key, List.of(), root);
    }

    /** A new P-256 key and a self-signed root over it, valid from {@code notBefore} to {@code notAfter}. */
    public static CaBundle generateRoot(X500Name subject, Instant notBefore, Instant notAfter) {
        KeyPair key = Keys.newP256();
        return selfSigned(X509Templates.root(subject, key, notBefore, notAfter), key.getPrivate());
    }

    public boolean isSelfSigned() {
        return certificate.equals(root);
    }

    /** What goes after a leaf in a chain, root excluded: the signing CA (unless it is the root) and its intermediates. */
    public List<X509CertificateHolder> chainAboveLeaf() {
        List<X509CertificateHolder> chain = new ArrayList<>();
        if (!isSelfSigned()) {
            chain.add(certificate);
            chain.addAll(intermediates);
        }
        return chain;
    }

    /** The earliest NotAfter on the path to the root: no leaf may outlive it. */
    public Instant notAfter() {
        Instant earliest = root.getNotAfter().toInstant();
        for (X509CertificateHolder cert : chainAboveLeaf()) {
            Instant end = cert.getNotAfter().toInstant();
            earliest = end.isBefore(earliest) ? end : earliest;
        }
        return earliest;
    }

    /**
     * Checks that the key belongs to the certificate and that each certificate is signed by the
     * next one up to a self-signed root; throws {@link IllegalArgumentException} naming the broken link.
     */
    public CaBundle verified() {
        requireKeyMatches();
        List<X509CertificateHolder> path = new ArrayList<>(chainAboveLeaf());
        path.add(root);
        for (int i = 0; i + 1 < path.size(); i++) {
            requireSignedBy(path.get(i), path.get(i + 1), "certificate " + path.get(i).getSubject()
                    + " is not signed by " + path.get(i + 1).getSubject());
        }
        requireSignedBy(root, root, "root " + root.getSubject() + " is not self-signed");
        return this;
    }

    /** Signs a probe with the key and verifies it with the certificate's public key. */
    private void requireKeyMatches() {
        byte[] probe = "bollard CA key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(X509Templates.signatureAlgorithm(key));
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(X509Templates.signatureAlgorithm(key));
            verifier.initVerify(publicKey(certificate));
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("CA key does not match the CA certificate " + certificate.getSubject());
        }
    }

    private static void requireSignedBy(X509CertificateHolder cert, X509CertificateHolder issuer, String message) {
        boolean valid;
        try {
            valid = cert.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer));
        } catch (Exception e) {
            valid = false;
        }
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }

    private static PublicKey publicKey(X509CertificateHolder cert) {
        try {
            return new JcaX509CertificateConverter().getCertificate(cert).getPublicKey();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("CA certificate " + cert.getSubject() + " cannot be decoded", e);
        }
    }
}
