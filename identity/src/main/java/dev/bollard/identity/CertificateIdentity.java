package dev.bollard.identity;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The SPIFFE ID a certificate names (its X509-SVID identity). The SVID spec allows exactly one URI
 * SAN, and a peer that carried two would let the reader pick; so anything but exactly one URI SAN,
 * and that one a valid {@code spiffe://} ID, is an error rather than a guess.
 */
public final class CertificateIdentity {
    private static final int SAN_URI = 6;

    private CertificateIdentity() {
    }

    /** @throws IllegalArgumentException when the certificate has no, several, or a non-SPIFFE URI SAN */
    public static SpiffeId of(X509Certificate certificate) {
        List<String> uris = uriSans(certificate);
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal()
                    + " has no URI SAN (no SPIFFE ID)");
        }
        if (uris.size() > 1) {
            throw new IllegalArgumentException("certificate has " + uris.size() + " URI SANs " + uris
                    + "; an X509-SVID carries exactly one");
        }
        return SpiffeId.parse(uris.get(0));
    }

    /** Every URI SAN, in certificate order; empty when there is none. */
    public static List<String> uriSans(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("certificate subjectAltName is unreadable: " + e.getMessage(), e);
        }
        List<String> uris = new ArrayList<>();
        if (names != null) {
            for (List<?> name : names) {
                if (Integer.valueOf(SAN_URI).equals(name.get(0))) {
                    uris.add(String.valueOf(name.get(1)));
                }
            }
        }
        return uris;
    }
}
