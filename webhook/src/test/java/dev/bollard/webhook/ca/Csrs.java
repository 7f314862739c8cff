package dev.bollard.webhook.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import dev.bollard.identity.Pem;

/** CSRs built at test time: fresh keys, no checked-in key material. */
public final class Csrs {
    private Csrs() {
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSR for {@code key} with an optional CN and the given SANs (GeneralName tag, value). */
    public static PKCS10CertificationRequest csr(KeyPair key, String cn, GeneralName... sans) {
        try {
            X500Name subject = cn == null ? new X500Name(new org.bouncycastle.asn1.x500.RDN[0]) : new X500Name("CN=" + cn);
            PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic());
            if (sans.length > 0) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            String algorithm = "RSA".equals(key.getPublic().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
            return builder.build(new JcaContentSignerBuilder(algorithm).build(key.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException("build test CSR", e);
        }
    }

    /** A CSR for {@code key} requesting exactly {@code extensions} (e.g. basicConstraints CA:true). */
    public static PKCS10CertificationRequest withExtensions(KeyPair key, Extension... extensions) {
        try {
            ExtensionsGenerator requested = new ExtensionsGenerator();
            for (Extension extension : extensions) {
                requested.addExtension(extension);
            }
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), key.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested.generate())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException("build test CSR", e);
        }
    }

    /** A CSR that carries {@code claimed}'s public key but is signed by {@code signer}: no proof of possession. */
    public static PKCS10CertificationRequest foreignKey(KeyPair claimed, KeyPair signer) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), claimed.getPublic())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm(signer)).build(signer.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException("build test CSR", e);
        }
    }

    private static String signatureAlgorithm(KeyPair key) {
        return "RSA".equals(key.getPublic().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
    }

    public static String pem(KeyPair key, String cn, GeneralName... sans) {
        return Pem.encode(csr(key, cn, sans));
    }

    public static GeneralName uri(String value) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, value);
    }

    public static GeneralName dns(String value) {
        return new GeneralName(GeneralName.dNSName, value);
    }
}
