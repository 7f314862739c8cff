package dev.bollard.webhook.ca;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * Signs what Bouncy Castle's certificate builder writes, in one {@link Signature#update} call. The
 * builder DER-encodes the to-be-signed certificate into the signer's stream in dozens of small
 * writes, and the stock signer hands each one to the provider: through ACCP's JNI boundary and its
 * growing buffer, that cost more than the signature itself.
 */
final class BufferedContentSigner implements ContentSigner {
    private final ByteArrayOutputStream tbs = new ByteArrayOutputStream(1024);
    private final PrivateKey key;
    private final String algorithm;
    private final AlgorithmIdentifier algorithmId;
    private final CryptoProvider crypto;

    BufferedContentSigner(PrivateKey key, String algorithm, AlgorithmIdentifier algorithmId, CryptoProvider crypto) {
        this.key = key;
        this.algorithm = algorithm;
        this.algorithmId = algorithmId;
        this.crypto = crypto;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithmId;
    }

    @Override
    public OutputStream getOutputStream() {
        return tbs;
    }

    @Override
    public byte[] getSignature() {
        try {
            Signature signature = Signature.getInstance(algorithm, crypto.provider());
            signature.initSign(key);
            signature.update(tbs.toByteArray());
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new RuntimeOperatorException("sign certificate with " + algorithm + ": " + e.getMessage(), e);
        }
    }
}
