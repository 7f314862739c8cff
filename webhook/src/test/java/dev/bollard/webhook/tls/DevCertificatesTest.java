package dev.bollard.webhook.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bollard.identity.Pem;

class DevCertificatesTest {
    @TempDir
    Path dir;

    @Test
    void servesTheHostAddressAndTheServiceNames() throws Exception {
        DevCertificates.ensure(dir, DevCertificates.devNames(Optional.of("10.250.0.1")));
        List<String> sans = sans();
        assertTrue(sans.containsAll(List.of("localhost", "127.0.0.1", "10.250.0.1", "bollard.bollard-system.svc",
                "bollard.bollard-system.svc.cluster.local")), sans.toString());
        assertTrue(sans.contains("ip:10.250.0.1"), "BOLLARD_HOST as an IP is an IP SAN: " + sans);
    }

    @Test
    void aHostNameIsADnsName() throws Exception {
        DevCertificates.ensure(dir, DevCertificates.devNames(Optional.of("router.mesh.test")));
        assertTrue(sans().contains("dns:router.mesh.test"), sans().toString());
    }

    @Test
    void wildcardBindAddressesAreNoName() {
        assertEquals(DevCertificates.devNames(Optional.empty()), DevCertificates.devNames(Optional.of("0.0.0.0")));
    }

    @Test
    void reissuesAnOldServingCertificateAndKeepsTheRoot() throws Exception {
        DevCertificates.ensure(dir, List.of("localhost"));
        String root = Files.readString(dir.resolve(DevCertificates.ROOT_CERT));
        String oldServing = Files.readString(dir.resolve(DevCertificates.TLS_CERT));

        DevCertificates.ensure(dir, DevCertificates.devNames(Optional.of("10.250.0.1")));
        assertEquals(root, Files.readString(dir.resolve(DevCertificates.ROOT_CERT)));
        String serving = Files.readString(dir.resolve(DevCertificates.TLS_CERT));
        assertNotEquals(oldServing, serving);
        X509CertificateHolder leaf = Pem.certificateHolders(serving, "tls.crt").get(0);
        assertTrue(leaf.isSignatureValid(new JcaContentVerifierProviderBuilder().build(Pem.certificateHolder(root, "root-cert.pem"))));
        assertTrue(sans().contains("ip:10.250.0.1"));

        DevCertificates.ensure(dir, DevCertificates.devNames(Optional.of("10.250.0.1")));
        assertEquals(serving, Files.readString(dir.resolve(DevCertificates.TLS_CERT)), "a covering certificate is kept");
    }

    @Test
    void reissuesAServingCertificateThatExpiresSoon() throws Exception {
        List<String> names = DevCertificates.devNames(Optional.empty());
        DevCertificates.ensure(dir, names);
        X509CertificateHolder root = Pem.certificateHolder(Files.readString(dir.resolve(DevCertificates.ROOT_CERT)), "root-cert.pem");
        Path tls = dir.resolve(DevCertificates.TLS_CERT);

        assertTrue(DevCertificates.servingCovers(tls, root, names, java.time.Instant.now()));
        assertFalse(DevCertificates.servingCovers(tls, root, names, java.time.Instant.now().plus(java.time.Duration.ofDays(360))),
                "a serving certificate a few days from its NotAfter is re-issued");
        assertFalse(DevCertificates.servingCovers(tls, root, names, java.time.Instant.now().plus(java.time.Duration.ofDays(400))),
                "an expired serving certificate is re-issued");
    }

    @Test
    void keepsTheFirstNameAsCnSoTheSanIsNotCritical() throws Exception {
        DevCertificates.ensure(dir, List.of("localhost"));
        X509CertificateHolder leaf = leaf();

        assertEquals("O=bollard-dev,CN=localhost", leaf.getSubject().toString());
        assertFalse(leaf.getExtension(Extension.subjectAlternativeName).isCritical(), "RFC 5280: critical only with an empty subject");
    }

    @Test
    void pointsItsAuthorityKeyIdAtTheRootsSubjectKeyId() throws Exception {
        DevCertificates.ensure(dir, List.of("localhost"));
        X509CertificateHolder root = Pem.certificateHolder(Files.readString(dir.resolve(DevCertificates.ROOT_CERT)), "root-cert.pem");

        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(leaf().getExtensions());
        assertArrayEquals(SubjectKeyIdentifier.fromExtensions(root.getExtensions()).getKeyIdentifier(), aki.getKeyIdentifier());
        assertNull(aki.getAuthorityCertIssuer(), "the key id alone, as the CA's own certificates carry it");
    }

    private X509CertificateHolder leaf() throws Exception {
        return Pem.certificateHolders(Files.readString(dir.resolve(DevCertificates.TLS_CERT)), "tls.crt").get(0);
    }

    /** Each SAN twice: bare, and prefixed with dns: or ip:. */
    private List<String> sans() throws Exception {
        X509CertificateHolder leaf = Pem.certificateHolders(Files.readString(dir.resolve(DevCertificates.TLS_CERT)), "tls.crt").get(0);
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(leaf);
        List<String> out = new ArrayList<>();
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            String value = String.valueOf(san.get(1));
            out.add(value);
            out.add(((Integer) san.get(0)) == 7 ? "ip:" + value : "dns:" + value);
        }
        return out;
    }
}
