package dev.bollard.webhook.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.bollard.webhook.ops.FakeCa;

class ServingCertificatesTest {
    private static final List<String> NAMES = ServiceDnsNames.of("bollard", "bollard-system", "cluster.local", List.of());

    @TempDir
    Path dir;

    private final FakeCa ca = new FakeCa();
    private final MutableClock clock = new MutableClock(Instant.now());

    @Test
    void serviceNamesCoverEveryFormTheApiServerAndClientsUse() {
        assertEquals(List.of("bollard", "bollard.bollard-system", "bollard.bollard-system.svc",
                "bollard.bollard-system.svc.cluster.local", "webhook.example.com"),
                ServiceDnsNames.of("bollard", "bollard-system", "cluster.local", List.of("webhook.example.com", "bollard")));
    }

    @Test
    void issuesFromTheCaWhenNoFilesAreMounted() {
        ServingCertificates certs = certificates();
        assertEquals(ServingCertificates.Origin.SELF_ISSUED, certs.origin());
        assertEquals(NAMES, certs.current().dnsNames());
    }

    @Test
    void userProvidedFilesWinOverSelfIssuing() throws IOException {
        ServingPair provided = ca.issueServing(List.of("webhook.example.com"), Duration.ofDays(90));
        write(provided);
        ServingCertificates certs = certificates();
        assertEquals(ServingCertificates.Origin.FILES, certs.origin());
        assertEquals(provided, certs.current());
    }

    @Test
    void caBundleTrustsOurRootWhenSelfIssued() {
        assertEquals(ca.rootPem(), certificates().trustAnchorPem());
    }

    @Test
    void caBundleTrustsTheUsersCaForAUserSecret() throws IOException {
        write(ca.issueServing(List.of("webhook.example.com"), Duration.ofDays(90)));
        Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nuser-ca\n-----END CERTIFICATE-----\n");
        assertTrue(certificates().trustAnchorPem().contains("user-ca"));
    }

    @Test
    void caBundleFallsBackToTheTopOfTheUsersChain() throws IOException {
        ServingPair provided = ca.issueServing(List.of("webhook.example.com"), Duration.ofDays(90));
        write(provided);
        String chain = provided.chainPem();
        assertEquals(chain.substring(chain.lastIndexOf("-----BEGIN CERTIFICATE-----")), certificates().trustAnchorPem());
    }

    @Test
    void rereadsFilesWhenTheSecretIsUpdated() throws IOException {
        write(ca.issueServing(List.of("a.example.com"), Duration.ofDays(90)));
        ServingCertificates certs = certificates();
        certs.current();
        assertFalse(certs.refresh(), "unchanged files are not a change");

        ServingPair renewed = ca.issueServing(List.of("b.example.com"), Duration.ofDays(90));
        write(renewed);
        assertTrue(certs.refresh());
        assertEquals(renewed, certs.current());
    }

    @Test
    void renewsASelfIssuedCertificateAfterTwoThirdsOfItsLife() {
        ServingCertificates certs = certificates();
        ServingPair first = certs.current();
        clock.set(first.notBefore().plus(Duration.ofHours(15)));
        assertFalse(certs.refresh(), "at 15h of 24h nothing is due");
        clock.set(first.notBefore().plus(Duration.ofHours(17)));
        assertTrue(certs.refresh());
        assertNotEquals(first, certs.current());
    }

    @Test
    void renewsWhenTheCaRootChanges() {
        ServingCertificates certs = certificates();
        ServingPair first = certs.current();
        ca.rotate();
        assertTrue(certs.refresh());
        assertNotEquals(first, certs.current());
    }

    @Test
    void keepsTheWorkingCertificateWhenRenewalFails() throws IOException {
        write(ca.issueServing(List.of("a.example.com"), Duration.ofDays(90)));
        ServingCertificates certs = certificates();
        ServingPair working = certs.current();
        Files.writeString(dir.resolve("tls.crt"), "not a certificate");
        assertFalse(certs.refresh());
        assertSame(working, certs.current());
    }

    @Test
    void startFailsWithTheReasonWhenThereIsNeitherFileNorCa() {
        ServingCertificateSource broken = new ServingCertificateSource() {
            @Override
            public ServingPair issueServing(List<String> dnsNames, Duration ttl) {
                throw new IllegalStateException("the CA certificate expired");
            }

            @Override
            public String rootPem() {
                throw new IllegalStateException("the CA certificate expired");
            }

            @Override
            public Instant caExpiry() {
                throw new IllegalStateException("the CA certificate expired");
            }
        };
        ServingCertificates certs = new ServingCertificates(dir.resolve("tls.crt"), dir.resolve("tls.key"),
                Duration.ofHours(24), NAMES, broken, clock);
        IllegalStateException e = assertThrows(IllegalStateException.class, certs::current);
        assertTrue(e.getMessage().contains("the CA certificate expired"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("tls.crt").toString()), e.getMessage());
    }

    @Test
    void rejectsAKeyFileThatHoldsNoKey() throws IOException {
        ServingPair pair = ca.issueServing(List.of("a.example.com"), Duration.ofDays(1));
        Files.writeString(dir.resolve("tls.crt"), pair.chainPem());
        Files.writeString(dir.resolve("tls.key"), pair.chainPem());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> certificates().current());
        assertTrue(e.getMessage().contains("serving private key: expected one private key block"), e.getMessage());
    }

    private ServingCertificates certificates() {
        return new ServingCertificates(dir.resolve("tls.crt"), dir.resolve("tls.key"), Duration.ofHours(24), NAMES, ca, clock);
    }

    private void write(ServingPair pair) throws IOException {
        Files.writeString(dir.resolve("tls.crt"), pair.chainPem());
        Files.writeString(dir.resolve("tls.key"), pair.keyPem());
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
