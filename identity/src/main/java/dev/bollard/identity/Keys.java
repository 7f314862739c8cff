package dev.bollard.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/**
 * Key pairs both sides make and the one question both ask of a key file. ECDSA P-256 is the
 * default for CA, serving and workload keys, as in Istio and Linkerd.
 */
public final class Keys {
    public static final String CURVE = "secp256r1";
    public static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROBE = "bollard key/certificate match".getBytes(StandardCharsets.US_ASCII);

    private Keys() {
    }

    public static KeyPair newP256() {
        return newP256(RANDOM);
    }

    public static KeyPair newP256(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("generate ECDSA P-256 key", e);
        }
    }

    /**
     * True when {@code key} is the private half of {@code certified}: signs a probe and verifies
     * it, which works for every key type without decoding curve points.
     */
    public static boolean matches(PrivateKey key, PublicKey certified) {
        String algorithm = switch (certified.getAlgorithm()) {
            case "EC" -> SIGNATURE;
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("unsupported key algorithm " + certified.getAlgorithm());
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an RSA key against an EC certificate
        }
    }
}
