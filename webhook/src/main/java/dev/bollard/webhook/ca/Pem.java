package dev.bollard.webhook.ca;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * PEM in and out through Bouncy Castle's {@link PEMParser}. Decoding throws
 * {@link IllegalArgumentException} naming what was expected, so callers can answer 400.
 */
public final class Pem {
    private Pem() {
    }

    public static String encode(X509CertificateHolder certificate) {
        return write(certificate);
    }

    public static String encode(PKCS10CertificationRequest csr) {
        return write(csr);
    }

    /** PKCS#8 ("PRIVATE KEY"), which openssl, Go, Envoy and Vert.x all read. */
    public static String encode(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (PemGenerationException e) {
            throw new IllegalStateException("encode private key as PKCS#8", e);
        }
    }

    public static String encodeAll(List<X509CertificateHolder> certificates) {
        StringBuilder out = new StringBuilder();
        certificates.forEach(c -> out.append(encode(c)));
        return out.toString();
    }

    /** Exactly one CERTIFICATE REQUEST block. */
    public static PKCS10CertificationRequest csr(String pem) {
        List<Object> objects = read(pem, "CSR");
        if (objects.size() != 1 || !(objects.get(0) instanceof PKCS10CertificationRequest csr)) {
            throw new IllegalArgumentException("CSR: expected exactly one PEM 'CERTIFICATE REQUEST' block, found "
                    + describe(objects));
        }
        return csr;
    }

    /** One or more CERTIFICATE blocks, in file order; anything else is an error. */
    public static List<X509CertificateHolder> certificates(String pem) {
        List<Object> objects = read(pem, "certificate");
        List<X509CertificateHolder> certificates = new ArrayList<>();
        for (Object object : objects) {
            if (!(object instanceof X509CertificateHolder certificate)) {
                throw new IllegalArgumentException("certificate PEM: unexpected " + object.getClass().getSimpleName());
            }
            certificates.add(certificate);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("certificate PEM: no CERTIFICATE block found");
        }
        return certificates;
    }

    public static X509CertificateHolder certificate(String pem) {
        List<X509CertificateHolder> certificates = certificates(pem);
        if (certificates.size() != 1) {
            throw new IllegalArgumentException("certificate PEM: expected one CERTIFICATE block, found " + certificates.size());
        }
        return certificates.get(0);
    }

    /** PKCS#8, SEC1 ("EC PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"); unencrypted only. */
    public static PrivateKey privateKey(String pem) {
        List<Object> objects = read(pem, "private key");
        if (objects.size() != 1) {
            throw new IllegalArgumentException("private key PEM: expected one key block, found " + describe(objects));
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (objects.get(0) instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (objects.get(0) instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("private key PEM: cannot decode key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("private key PEM: unsupported " + describe(objects) + " (encrypted keys are not supported)");
    }

    private static List<Object> read(String pem, String what) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException(what + " PEM: is empty");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + " PEM: cannot decode: " + e.getMessage(), e);
        }
        if (objects.isEmpty()) {
            throw new IllegalArgumentException(what + " PEM: no PEM block found");
        }
        return objects;
    }

    private static String describe(List<Object> objects) {
        return objects.size() + " block(s): " + objects.stream().map(o -> o.getClass().getSimpleName()).toList();
    }

    private static String write(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("encode PEM", e);
        }
        return out.toString();
    }
}
