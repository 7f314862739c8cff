package dev.bollard.webhook.ca;

import dev.bollard.identity.SpiffeId;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * The three certificate shapes this CA makes, as Bouncy Castle builders: the one place that knows
 * their extensions and serial rule (tls/DevCertificates builds the development pair here too).
 * Workload leaves carry only a URI SAN, an empty subject (so the SAN is critical, RFC 5280
 * 4.2.1.6), CA:false, key usage digitalSignature (+ keyEncipherment for RSA keys) and EKU
 * serverAuth + clientAuth, like Istio's.
 */
public final class X509Templates {
    // one generator per thread: the default NativePRNG serialises every caller on one lock
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);
    static final X500Name EMPTY = new X500Name(new org.bouncycastle.asn1.x500.RDN[0]);

    private X509Templates() {
    }

    /** Self-signed root: CA:true, keyCertSign + cRLSign, signed with {@link CryptoProvider#chosen()}. */
    public static X509CertificateHolder root(X500Name subject, KeyPair key, Instant notBefore, Instant notAfter) {
        return root(subject, key, notBefore, notAfter, CryptoProvider.chosen());
    }

    /** Self-signed root: CA:true, keyCertSign + cRLSign. */
    public static X509CertificateHolder root(X500Name subject, KeyPair key, Instant notBefore, Instant notAfter, CryptoProvider crypto) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
        try {
            X509v3CertificateBuilder builder = builder(subject, subject, spki, notBefore, notAfter)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ski(spki));
            String algorithm = signatureAlgorithm(key.getPrivate());
            return builder.build(new BufferedContentSigner(crypto.own(key.getPrivate()), algorithm,
                    new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm), crypto));
        } catch (CertIOException e) {
            throw new IllegalStateException("build root certificate " + subject, e);
        }
    }

    /** Workload leaf for {@code id}, signed by {@code issuer} with {@link CryptoProvider#chosen()}. */
    public static X509CertificateHolder leaf(SpiffeId id, PublicKey subjectKey, CaBundle issuer, Instant notBefore, Instant notAfter) {
        return leaf(id, subjectKey, SigningCa.of(issuer, CryptoProvider.chosen()), notBefore, notAfter);
    }

    /** Workload leaf for {@code id}, signed by {@code issuer}. */
    public static X509CertificateHolder leaf(SpiffeId id, PublicKey subjectKey, SigningCa issuer, Instant notBefore, Instant notAfter) {
        return signedLeaf(id, subjectKey, issuer, notBefore, notAfter).certificate();
    }

    /** As {@link #leaf}, with the certificate's DER. */
    static Signed signedLeaf(SpiffeId id, PublicKey subjectKey, SigningCa issuer, Instant notBefore, Instant notAfter) {
        GeneralNames sans = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id.toString()));
        return endEntity(EMPTY, sans, subjectKey, issuer, notBefore, notAfter, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    }

    /** Serving certificate for the given DNS names (e.g. the webhook's own Service), serverAuth only. */
    public static X509CertificateHolder serving(List<String> dnsNames, PublicKey subjectKey, SigningCa issuer, Instant notBefore, Instant notAfter) {
        return signedServing(EMPTY, dnsNames, List.of(), subjectKey, issuer, notBefore, notAfter).certificate();
    }

    /**
     * Serving certificate with a subject (the development one: clients that still show the CN)
     * for DNS names and IP literals, serverAuth only.
     */
    public static X509CertificateHolder serving(X500Name subject, List<String> dnsNames, List<String> ipAddresses,
            PublicKey subjectKey, SigningCa issuer, Instant notBefore, Instant notAfter) {
        return signedServing(subject, dnsNames, ipAddresses, subjectKey, issuer, notBefore, notAfter).certificate();
    }

    /** As {@link #serving(X500Name, List, List, PublicKey, SigningCa, Instant, Instant)}, with the certificate's DER. */
    static Signed signedServing(X500Name subject, List<String> dnsNames, List<String> ipAddresses,
            PublicKey subjectKey, SigningCa issuer, Instant notBefore, Instant notAfter) {
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("serving certificate: at least one DNS name or IP address is required");
        }
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return endEntity(subject, new GeneralNames(names.toArray(GeneralName[]::new)), subjectKey, issuer, notBefore, notAfter,
                KeyPurposeId.id_kp_serverAuth);
    }

    /** The SAN is critical exactly when the subject is empty (RFC 5280 4.2.1.6: MUST, and SHOULD NOT otherwise). */
    private static Signed endEntity(X500Name subject, GeneralNames sans, PublicKey subjectKey, SigningCa issuer,
            Instant notBefore, Instant notAfter, KeyPurposeId... purposes) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded());
        int usage = KeyUsage.digitalSignature | ("RSA".equals(subjectKey.getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
        try {
            X509v3CertificateBuilder builder = builder(issuer.issuer(), subject, spki, notBefore, notAfter)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.subjectAlternativeName, subject.getRDNs().length == 0, sans)
                    .addExtension(Extension.subjectKeyIdentifier, false, ski(spki))
                    .addExtension(Extension.authorityKeyIdentifier, false, issuer.authorityKeyId());
            BufferedContentSigner signer = new BufferedContentSigner(issuer.key(), issuer.signatureAlgorithm(),
                    issuer.signatureAlgorithmId(), issuer.crypto());
            X509CertificateHolder certificate = builder.build(signer);
            return new Signed(certificate, signer.certificateDer());
        } catch (CertIOException e) {
            throw new IllegalStateException("build certificate for " + sans, e);
        }
    }

    /** A certificate and its DER, which an issuance returns as PEM without encoding it again. */
    record Signed(X509CertificateHolder certificate, byte[] der) {
        String pem() {
            return dev.bollard.identity.Pem.encodeCertificate(der);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, SubjectPublicKeyInfo key,
            Instant notBefore, Instant notAfter) {
        return new X509v3CertificateBuilder(issuer, serial(), CertificateTime.of(notBefore), CertificateTime.of(notAfter), subject, key);
    }

    /** Random, positive, non-zero 128-bit serial (RFC 5280 allows up to 20 octets). */
    static BigInteger serial() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM.get());
        } while (serial.signum() == 0);
        return serial;
    }

    private static SubjectKeyIdentifier ski(SubjectPublicKeyInfo spki) {
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(spki);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 for the subject key identifier", e);
        }
    }

    /** The issuer's own SKI when it has one, so chains built by other tools still link. */
    static AuthorityKeyIdentifier authorityKeyId(X509CertificateHolder issuer) {
        Extension ext = issuer.getExtension(Extension.subjectKeyIdentifier);
        byte[] id = ext != null ? SubjectKeyIdentifier.getInstance(ext.getParsedValue()).getKeyIdentifier()
                : ski(issuer.getSubjectPublicKeyInfo()).getKeyIdentifier();
        return new AuthorityKeyIdentifier(id);
    }

    /** SHA-384 for P-384 CA keys (matching strength), SHA-256 otherwise. */
    static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if ("RSA".equals(key.getAlgorithm())) {
            return "SHA256withRSA";
        }
        throw new IllegalArgumentException("CA key algorithm " + key.getAlgorithm() + " is not supported; use ECDSA or RSA");
    }
}
