package dev.bollard.webhook.ca;

import dev.bollard.identity.SpiffeId;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * What a CSR must satisfy before its key is certified: a signature that verifies under its own key
 * (proof of possession), an RSA key of 2048 to 8192 bits or an ECDSA P-256/P-384 key, no request
 * for an identity other than the caller's, and no request to be a CA. The certificate's identity always comes from the caller;
 * the CSR's names are only checked, never copied (Istio and istio-csr do the same).
 */
public final class CsrPolicy {
    static final int MIN_RSA_BITS = 2048;
    // larger RSA keys only cost signing-side CPU per handshake; 8192 is what cert-manager accepts
    static final int MAX_RSA_BITS = 8192;
    private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(SECObjectIdentifiers.secp256r1, SECObjectIdentifiers.secp384r1);

    private CsrPolicy() {
    }

    /** As {@link #check(PKCS10CertificationRequest, SpiffeId, CryptoProvider)} with {@link CryptoProvider#chosen()}. */
    public static PublicKey check(PKCS10CertificationRequest csr, SpiffeId caller) {
        return check(csr, caller, CryptoProvider.chosen());
    }

    /**
     * Returns the CSR's public key as {@code crypto}'s own key object (it verifies the CSR here and
     * the CA then encodes it into the leaf), or throws {@link CaRefusedException} saying what is wrong.
     */
    public static PublicKey check(PKCS10CertificationRequest csr, SpiffeId caller, CryptoProvider crypto) {
        SubjectPublicKeyInfo spki = csr.getSubjectPublicKeyInfo();
        String algorithm = requireStrongKey(spki);
        PublicKey key;
        try {
            key = crypto.publicKey(algorithm, spki.getEncoded());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new CaRefusedException(Refusal.MALFORMED_REQUEST, "CSR public key cannot be decoded", e);
        }
        requireValidSignature(csr, key, crypto);
        requireCallerIdentity(csr, caller);
        requireNoCaRequest(csr);
        return key;
    }

    private static void requireValidSignature(PKCS10CertificationRequest csr, PublicKey key, CryptoProvider crypto) {
        boolean valid;
        try {
            valid = ProofOfPossession.verifies(csr, key, crypto);
        } catch (Exception e) {
            // the provider's message names its own classes; the caller only needs to know it failed
            throw new CaRefusedException(Refusal.MALFORMED_REQUEST, "CSR signature cannot be checked with its public key", e);
        }
        if (!valid) {
            throw new CaRefusedException(Refusal.MALFORMED_REQUEST,
                    "CSR signature does not verify with its public key (no proof of key possession)");
        }
    }

    /** Returns the JCA key algorithm, "RSA" or "EC". */
    private static String requireStrongKey(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier algorithm = spki.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            int bits = rsaBits(spki);
            if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                throw new CaRefusedException(Refusal.WEAK_KEY, "CSR has an RSA key of " + bits
                        + " bits; RSA keys must have " + MIN_RSA_BITS + " to " + MAX_RSA_BITS + " bits");
            }
            return "RSA";
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            Object curve = spki.getAlgorithm().getParameters();
            if (!(curve instanceof ASN1ObjectIdentifier oid) || !CURVES.contains(oid)) {
                throw new CaRefusedException(Refusal.WEAK_KEY, "CSR has an EC key on "
                        + (curve instanceof ASN1ObjectIdentifier oid ? "curve " + oid.getId() : "explicit curve parameters")
                        + "; only P-256 and P-384 (as named curves) are accepted");
            }
            return "EC";
        }
        throw new CaRefusedException(Refusal.WEAK_KEY, "CSR key algorithm " + algorithm
                + " is not accepted; use ECDSA P-256/P-384 or RSA >= " + MIN_RSA_BITS + " bits");
    }

    private static int rsaBits(SubjectPublicKeyInfo spki) {
        try {
            BigInteger modulus = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus();
            return modulus.bitLength();
        } catch (IOException | RuntimeException e) {
            throw new CaRefusedException(Refusal.MALFORMED_REQUEST, "CSR RSA public key cannot be decoded", e);
        }
    }

    /**
     * Each SAN must be the caller's SPIFFE URI; no SAN at all is fine. The subject is ignored, as
     * istiod and istio-csr do (the leaf never carries it, and tools put a CN in by default), unless
     * its CN is itself a SPIFFE ID other than the caller's: that is a request for another identity.
     */
    private static final String SPIFFE_SCHEME = "spiffe://";

    private static void requireCallerIdentity(PKCS10CertificationRequest csr, SpiffeId caller) {
        String expected = caller.toString();
        List<String> foreign = new ArrayList<>();
        for (GeneralName name : requestedNames(csr)) {
            String value = name.getName().toString();
            if (name.getTagNo() != GeneralName.uniformResourceIdentifier || !value.equals(expected)) {
                foreign.add(describe(name));
            }
        }
        for (RDN rdn : csr.getSubject().getRDNs(BCStyle.CN)) {
            String cn = IETFUtils.valueToString(rdn.getFirst().getValue());
            if (cn.startsWith(SPIFFE_SCHEME) && !cn.equals(expected)) {
                foreign.add("CN " + cn);
            }
        }
        if (!foreign.isEmpty()) {
            throw new CaRefusedException(Refusal.IDENTITY_MISMATCH, "CSR requests " + String.join(", ", foreign)
                    + " but the caller is authenticated as " + expected + "; request no SAN or exactly " + expected);
        }
    }

    /**
     * The leaf is always built CA:false from our template, so a CA request would not be honoured;
     * it is refused all the same, so that the caller learns it and the attempt is counted.
     */
    private static void requireNoCaRequest(PKCS10CertificationRequest csr) {
        Extensions extensions = requestedExtensions(csr);
        if (extensions == null) {
            return;
        }
        BasicConstraints constraints;
        KeyUsage usage;
        try {
            constraints = BasicConstraints.fromExtensions(extensions);
            usage = KeyUsage.fromExtensions(extensions);
        } catch (RuntimeException e) {
            throw new CaRefusedException(Refusal.MALFORMED_REQUEST, "CSR extension request cannot be decoded", e);
        }
        if (constraints != null && constraints.isCA()) {
            throw new CaRefusedException(Refusal.FORBIDDEN_EXTENSION,
                    "CSR requests basicConstraints CA:true; workload certificates are never CAs");
        }
        if (usage != null && (usage.hasUsages(KeyUsage.keyCertSign) || usage.hasUsages(KeyUsage.cRLSign))) {
            throw new CaRefusedException(Refusal.FORBIDDEN_EXTENSION,
                    "CSR requests the keyCertSign or cRLSign key usage; workload certificates cannot sign certificates");
        }
    }

    private static Extensions requestedExtensions(PKCS10CertificationRequest csr) {
        try {
            return csr.getRequestedExtensions();
        } catch (RuntimeException e) {
            throw new CaRefusedException(Refusal.MALFORMED_REQUEST, "CSR extension request cannot be decoded", e);
        }
    }

    private static List<GeneralName> requestedNames(PKCS10CertificationRequest csr) {
        Extensions extensions = requestedExtensions(csr);
        if (extensions == null) {
            return List.of();
        }
        GeneralNames names;
        try {
            names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        } catch (RuntimeException e) {
            throw new CaRefusedException(Refusal.MALFORMED_REQUEST, "CSR subjectAltName extension cannot be decoded", e);
        }
        return names == null ? List.of() : List.of(names.getNames());
    }

    private static String describe(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.uniformResourceIdentifier -> "URI SAN " + name.getName();
            case GeneralName.dNSName -> "DNS SAN " + name.getName();
            case GeneralName.iPAddress -> "IP SAN " + name.getName();
            case GeneralName.rfc822Name -> "email SAN " + name.getName();
            default -> "SAN " + name.getName();
        };
    }
}
