package dev.bollard.webhook.ca;

import java.security.PrivateKey;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;

/**
 * What every certificate from one loaded CA shares, worked out once instead of per request: the
 * CA key as the signing provider's own key object, the issuer name and the authority key identifier.
 * Rebuilt only when the {@link CaSource} hands out another CA.
 */
public record SigningCa(CaBundle bundle, CryptoProvider crypto, PrivateKey key, String signatureAlgorithm,
        X500Name issuer, AuthorityKeyIdentifier authorityKeyId) {

    public static SigningCa of(CaBundle bundle, CryptoProvider crypto) {
        PrivateKey key = crypto.own(bundle.key());
        return new SigningCa(bundle, crypto, key, X509Templates.signatureAlgorithm(bundle.key()),
                bundle.certificate().getSubject(), X509Templates.authorityKeyId(bundle.certificate()));
    }
}
