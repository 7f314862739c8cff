package dev.bollard.webhook.ops;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** PEM in, JCA objects out; every failure names what was being read. */
final class PemCertificates {
    private static final int DNS_NAME = 2;

    private PemCertificates() {
    }

    static List<X509Certificate> certificates(String pem) {
        try {
            Collection<? extends java.security.cert.Certificate> parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> out = new ArrayList<>();
            parsed.forEach(c -> out.add((X509Certificate) c));
            if (out.isEmpty()) {
                throw new IllegalArgumentException("certificate PEM holds no certificate");
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate PEM is not valid X.509: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IllegalArgumentException("private key PEM holds no unencrypted private key"
                    + (o == null ? "" : " (found " + o.getClass().getSimpleName() + ")"));
        } catch (IOException e) {
            throw new IllegalArgumentException("private key PEM is unreadable: " + e.getMessage(), e);
        }
    }

    static List<String> dnsNames(X509Certificate cert) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return List.of();
            }
            return sans.stream().filter(san -> (Integer) san.get(0) == DNS_NAME).map(san -> (String) san.get(1)).toList();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("certificate SANs are unreadable: " + e.getMessage(), e);
        }
    }
}
