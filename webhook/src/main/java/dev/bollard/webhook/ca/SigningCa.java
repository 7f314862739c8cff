package dev.bollard.webhook.ca;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

import dev.bollard.identity.Pem;

/**
 * What every certificate from one loaded CA shares, worked out once instead of per request: the
 * CA key as the signing provider's own key object, the issuer name, the authority key identifier,
 * the signature algorithm, when the chain ends, and the chain above a leaf and the root as PEM
 * (every issuance returns them; encoding them per request was a tenth of its CPU).
 * Rebuilt only when the {@link CaSource} hands out another CA.
 */
public record SigningCa(CaBundle bundle, CryptoProvider crypto, PrivateKey key, String signatureAlgorithm,
        AlgorithmIdentifier signatureAlgorithmId, X500Name issuer, AuthorityKeyIdentifier authorityKeyId,
        Instant notAfter, List<String> chainAbovePems, String rootPem) {

    public SigningCa {
        chainAbovePems = List.copyOf(chainAbovePems);
    }

    public static SigningCa of(CaBundle bundle, CryptoProvider crypto) {
        PrivateKey key = crypto.own(bundle.key());
        String algorithm = X509Templates.signatureAlgorithm(bundle.key());
        return new SigningCa(bundle, crypto, key, algorithm, new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm),
                bundle.certificate().getSubject(), X509Templates.authorityKeyId(bundle.certificate()), bundle.notAfter(),
                bundle.chainAboveLeaf().stream().map(Pem::encode).toList(), Pem.encode(bundle.root()));
    }
}
