package dev.bollard.webhook.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** PEM text for the agent's files and the CA's JSON: certificates in and out, the private key out. */
final class Pem {
    private static final String BEGIN_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

    private Pem() {
    }

    /** Every certificate in {@code text}, in order; fails when there is none or one does not parse. */
    static List<X509Certificate> certificates(String text, String what) {
        if (text == null || !text.contains(BEGIN_CERTIFICATE)) {
            throw new IllegalArgumentException(what + ": no PEM CERTIFICATE block");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (var cert : factory.generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) cert);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(what + ": no certificate could be read");
            }
            return List.copyOf(out);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(what + ": malformed PEM certificate: " + e.getMessage(), e);
        }
    }

    /** Exactly one certificate: each entry of the CA's {@code certChain} holds one. */
    static X509Certificate certificate(String text, String what) {
        List<X509Certificate> certs = certificates(text, what);
        if (certs.size() != 1) {
            throw new IllegalArgumentException(what + ": expected one certificate, found " + certs.size());
        }
        return certs.get(0);
    }

    static String encode(List<X509Certificate> certs) {
        StringBuilder out = new StringBuilder();
        certs.forEach(cert -> out.append(write(cert)));
        return out.toString();
    }

    /** PKCS#8 ("PRIVATE KEY"): what Envoy, openssl, Go and Vert.x all read; the CA writes keys the same way. */
    static String encode(PrivateKey key) {
        return dev.bollard.webhook.ca.Pem.encode(key);
    }

    static String write(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("encode PEM", e);
        }
        return out.toString();
    }
}
