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
    private byte[] signature;

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
            Signature signer = Signature.getInstance(algorithm, crypto.provider());
            signer.initSign(key);
            signer.update(tbs.toByteArray());
            this.signature = signer.sign();
            return this.signature.clone();
        } catch (GeneralSecurityException e) {
            throw new RuntimeOperatorException("sign certificate with " + algorithm + ": " + e.getMessage(), e);
        }
    }

    /**
     * The DER of the certificate just signed (RFC 5280 4.1: the to-be-signed part as written, the
     * algorithm, the signature as a BIT STRING), from the bytes already at hand: re-encoding the
     * built certificate for its PEM cost as much as building it.
     */
    byte[] certificateDer() {
        if (signature == null) {
            throw new IllegalStateException("nothing signed yet");
        }
        try {
            byte[] algorithmDer = algorithmId.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
            byte[] bits = new byte[signature.length + 1]; // leading octet: no unused bits
            System.arraycopy(signature, 0, bits, 1, signature.length);
            ByteArrayOutputStream body = new ByteArrayOutputStream(tbs.size() + algorithmDer.length + bits.length + 8);
            tbs.writeTo(body);
            body.write(algorithmDer);
            writeTlv(body, 0x03, bits);
            ByteArrayOutputStream der = new ByteArrayOutputStream(body.size() + 6);
            writeTlv(der, 0x30, body.toByteArray());
            return der.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("encode certificate", e);
        }
    }

    private static void writeTlv(ByteArrayOutputStream out, int tag, byte[] content) throws java.io.IOException {
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.write(content);
    }
}
