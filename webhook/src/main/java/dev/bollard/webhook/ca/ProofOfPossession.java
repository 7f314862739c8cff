package dev.bollard.webhook.ca;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Whether a CSR's signature verifies under its own public key. The usual algorithms go straight
 * to the provider's {@link Signature}: Bouncy Castle's verifier builder also prepares a raw
 * ("NONEwith...") signature for every verifier, which with ACCP doubled the cost of a verify.
 * Anything else (RSASSA-PSS, parameters where none belong) takes Bouncy Castle's general path,
 * whichever provider was chosen: it knows every algorithm a CSR may use, ACCP does not.
 */
final class ProofOfPossession {
    private static final Map<ASN1ObjectIdentifier, String> DIRECT = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA",
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA");

    private ProofOfPossession() {
    }

    /** Throws the provider's exception when the signature cannot be checked at all (wrong key type, unknown algorithm). */
    static boolean verifies(PKCS10CertificationRequest csr, PublicKey key, CryptoProvider crypto)
            throws GeneralSecurityException, IOException, OperatorCreationException, PKCSException {
        String algorithm = directAlgorithm(csr.getSignatureAlgorithm());
        if (algorithm == null) {
            return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(General.PROVIDER).build(key));
        }
        Signature verifier = Signature.getInstance(algorithm, crypto.provider());
        verifier.initVerify(key);
        // what was signed is the DER of the request info, as Bouncy Castle's own check re-encodes it
        verifier.update(csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
        return verifier.verify(csr.getSignature());
    }

    /** ECDSA takes no parameters (RFC 5758 3.2); RSA PKCS#1 v1.5 takes NULL or none (RFC 4055 5). */
    private static String directAlgorithm(AlgorithmIdentifier id) {
        String algorithm = DIRECT.get(id.getAlgorithm());
        Object parameters = id.getParameters();
        boolean plain = parameters == null || (DERNull.INSTANCE.equals(parameters) && algorithm != null && algorithm.endsWith("RSA"));
        return plain ? algorithm : null;
    }

    /** Constructed at the first unusual CSR, not with this class: a Bouncy Castle provider costs ~0.5 s to build. */
    private static final class General {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
