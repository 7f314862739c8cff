package dev.bollard.identity;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * The one PEM contract of the control plane and the sidecar: every block is read by Bouncy
 * Castle's {@link PEMParser}, so both sides accept and refuse exactly the same text. Decoding
 * throws {@link IllegalArgumentException} whose message starts with {@code what} (a file name, a
 * JSON field) and says what was expected, so a CA can answer 400 and an agent can log one line.
 * Keys are written as PKCS#8 ("PRIVATE KEY"), which openssl, Go, Envoy and Vert.x all read.
 */
public final class Pem {
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final int LINE = 64;
    private Pem() {
    }

    /** One or more CERTIFICATE blocks, in file order, as JCA certificates; anything else is an error. */
    public static List<X509Certificate> certificates(String pem, String what) {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> out = new ArrayList<>();
        for (X509CertificateHolder holder : certificateHolders(pem, what)) {
            try {
                out.add(converter.getCertificate(holder));
            } catch (CertificateException e) {
                throw new IllegalArgumentException(what + ": malformed certificate: " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    /** Exactly one CERTIFICATE block (each entry of the CA's {@code certChain} holds one). */
    public static X509Certificate certificate(String pem, String what) {
        return single(certificates(pem, what), what);
    }

    /** As {@link #certificates}, as Bouncy Castle holders (what the CA's certificate builders take). */
    public static List<X509CertificateHolder> certificateHolders(String pem, String what) {
        List<X509CertificateHolder> certificates = new ArrayList<>();
        for (Object object : read(pem, what)) {
            if (!(object instanceof X509CertificateHolder certificate)) {
                throw new IllegalArgumentException(what + ": unexpected " + object.getClass().getSimpleName()
                        + " where only CERTIFICATE blocks belong");
            }
            certificates.add(certificate);
        }
        return List.copyOf(certificates);
    }

    /** Exactly one CERTIFICATE block, as a Bouncy Castle holder. */
    public static X509CertificateHolder certificateHolder(String pem, String what) {
        return single(certificateHolders(pem, what), what);
    }

    private static <T> T single(List<T> certificates, String what) {
        if (certificates.size() != 1) {
            throw new IllegalArgumentException(what + ": expected one CERTIFICATE block, found " + certificates.size());
        }
        return certificates.get(0);
    }

    /** Exactly one CERTIFICATE REQUEST block. */
    public static PKCS10CertificationRequest csr(String pem, String what) {
        List<Object> objects = read(pem, what);
        if (objects.size() != 1 || !(objects.get(0) instanceof PKCS10CertificationRequest csr)) {
            throw new IllegalArgumentException(what + ": expected exactly one PEM 'CERTIFICATE REQUEST' block, found "
                    + describe(objects));
        }
        return csr;
    }

    /** Exactly one unencrypted key: PKCS#8, SEC1 ("EC PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"). */
    public static PrivateKey privateKey(String pem, String what) {
        List<Object> objects = read(pem, what);
        if (objects.size() != 1) {
            throw new IllegalArgumentException(what + ": expected one private key block, found " + describe(objects));
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
            throw new IllegalArgumentException(what + ": cannot decode private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(what + ": unsupported " + describe(objects)
                + " where an unencrypted private key belongs (encrypted keys are not supported)");
    }

    public static String encode(X509Certificate certificate) {
        try {
            return block(CERTIFICATE, certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** Concatenated CERTIFICATE blocks, in list order (a chain file: leaf first). */
    public static String encode(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        certificates.forEach(c -> out.append(encode(c)));
        return out.toString();
    }

    public static String encode(X509CertificateHolder certificate) {
        try {
            return block(CERTIFICATE, certificate.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("encode certificate " + certificate.getSubject(), e);
        }
    }

    public static String encode(PKCS10CertificationRequest csr) {
        return write(csr);
    }

    /** PKCS#8 ("PRIVATE KEY"), unencrypted. */
    public static String encode(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (PemGenerationException e) {
            throw new IllegalStateException("encode private key as PKCS#8", e);
        }
    }

    private static List<Object> read(String pem, String what) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException(what + ": is empty");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + ": malformed PEM: " + oneLine(e.getMessage()), e);
        }
        if (objects.isEmpty()) {
            throw new IllegalArgumentException(what + ": no PEM block found");
        }
        return objects;
    }

    private static String describe(List<Object> objects) {
        return objects.size() + " block(s): " + objects.stream().map(o -> o.getClass().getSimpleName()).toList();
    }

    /** A certificate's DER as one CERTIFICATE block, byte for byte what {@link #encode(X509Certificate)} writes. */
    public static String encodeCertificate(byte[] der) {
        return block(CERTIFICATE, der);
    }

    /**
     * What Bouncy Castle's PEM writer prints for a certificate, without its generic object
     * dispatch: a CA answers every issuance with one or more of these.
     */
    private static String block(String type, byte[] der) {
        String nl = System.lineSeparator();
        String base64 = Base64.getEncoder().encodeToString(der);
        StringBuilder out = new StringBuilder(base64.length() + base64.length() / LINE * nl.length() + 2 * type.length() + 40);
        out.append("-----BEGIN ").append(type).append("-----").append(nl);
        for (int at = 0; at < base64.length(); at += LINE) {
            out.append(base64, at, Math.min(at + LINE, base64.length())).append(nl);
        }
        return out.append("-----END ").append(type).append("-----").append(nl).toString();
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

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
