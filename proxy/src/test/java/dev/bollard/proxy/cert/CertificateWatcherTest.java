package dev.bollard.proxy.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bollard.identity.Pem;

/** The watch loop with an injected clock and sleep: many cycles, no waiting. */
class CertificateWatcherTest {
    @TempDir
    Path tmp;
    FakeCa ca;
    TestClock clock;
    StringWriter log;
    CertificateWatcher watcher;

    @BeforeEach
    void setUp() throws Exception {
        ca = new FakeCa(tmp.resolve("ca"), false);
        Path token = Files.writeString(tmp.resolve("token"), "token-1");
        clock = new TestClock(Instant.now());
        AgentConfig config = new AgentConfig(ca.url(), token, ca.rootCertFile(), tmp.resolve("out"),
                Optional.of(Duration.ofSeconds(100)));
        CertificateFetcher fetcher = new CertificateFetcher(config, new CertificateClient(clock), new CsrFactory(new SecureRandom()), clock);
        log = new StringWriter();
        // draw 1.0: the top of each jitter range, so the expected delays are exact
        watcher = new CertificateWatcher(fetcher, RenewalSchedule.DEFAULT, clock, () -> 1.0, new AgentLog(new PrintWriter(log), clock));
    }

    @AfterEach
    void tearDown() {
        ca.close();
    }

    @Test
    void writesTheFilesBeforeHandingEachVerifiedIssuanceToTheListener() throws Exception {
        List<Credentials> heard = new ArrayList<>();
        List<Boolean> filesExistedThen = new ArrayList<>();
        Path out = tmp.resolve("out");
        CertificateWatcher inMemory = new CertificateWatcher(fetcher(), RenewalSchedule.DEFAULT, clock, () -> 1.0,
                new AgentLog(new PrintWriter(log), clock), c -> {
                    heard.add(c);
                    filesExistedThen.add(Files.exists(out.resolve(CertificateFiles.CERT_CHAIN)));
                }, CertificateWatcher.Files.BEST_EFFORT);

        inMemory.attempt();
        inMemory.attempt();

        assertEquals(2, heard.size());
        assertEquals(List.of(true, true), filesExistedThen, "an application started at readiness finds the files");
        assertEquals(FakeCa.SPIFFE_ID, heard.get(1).uriSan().orElseThrow());
        assertEquals(heard.get(1).leaf(), Pem.certificates(Files.readString(out.resolve(CertificateFiles.CERT_CHAIN)), "chain").get(0));
    }

    @Test
    void inMemoryModeKeepsItsScheduleWhenTheFilesCannotBeWritten() throws Exception {
        Files.writeString(tmp.resolve("out"), "a file where the directory belongs");
        List<Credentials> heard = new ArrayList<>();
        CertificateWatcher inMemory = new CertificateWatcher(fetcher(), RenewalSchedule.DEFAULT, clock, () -> 1.0,
                new AgentLog(new PrintWriter(log), clock), heard::add, CertificateWatcher.Files.BEST_EFFORT);

        Duration wait = inMemory.attempt();

        assertEquals(1, heard.size());
        assertTrue(wait.compareTo(Duration.ofSeconds(79)) > 0, wait.toString());
        assertTrue(log.toString().contains("certificate kept in memory only"), log.toString());
        // cert watch, whose product is the files, retries instead
        assertEquals(Duration.ofSeconds(1), watcher.attempt());
    }

    private CertificateFetcher fetcher() throws Exception {
        AgentConfig config = new AgentConfig(ca.url(), tmp.resolve("token"), ca.rootCertFile(), tmp.resolve("out"),
                Optional.of(Duration.ofSeconds(100)));
        return new CertificateFetcher(config, new CertificateClient(clock), new CsrFactory(new SecureRandom()), clock);
    }

    @Test
    void aLeafThatOutlivesALongOfNanosecondsIsScheduledNotAnOverflow() throws Exception {
        List<Credentials> heard = new ArrayList<>();
        // a 400-year leaf: its lifetime in nanoseconds overflows a long
        CertificateFetcher longLived = new CertificateFetcher(new AgentConfig(ca.url(), tmp.resolve("token"), ca.rootCertFile(),
                tmp.resolve("out"), Optional.of(Duration.ofDays(400 * 366))), new CertificateClient(clock),
                new CsrFactory(new SecureRandom()), clock);
        CertificateWatcher watcher400 = new CertificateWatcher(longLived, RenewalSchedule.DEFAULT, clock, () -> 1.0,
                new AgentLog(new PrintWriter(log), clock), heard::add, CertificateWatcher.Files.BEST_EFFORT);
        Duration wait = watcher400.attempt();
        assertTrue(wait.toDays() > 300 * 365, "renews late in the 400-year lifetime, got " + wait);
        assertEquals(1, heard.size());
    }

    @Test
    void renewsAtEightyPercentOfTheIssuedLifetime() {
        Duration wait = watcher.attempt();

        // the CA's notAfter is its own now + 100 s, a few ms after our clock was read
        assertTrue(wait.compareTo(Duration.ofSeconds(79)) > 0 && wait.compareTo(Duration.ofSeconds(81)) < 0, wait.toString());
        assertTrue(log.toString().contains("issued " + FakeCa.SPIFFE_ID), log.toString());
    }

    @Test
    void honoursRetryAfterOn503() {
        ca.script.add(new FakeCa.Scripted(503, FakeCa.error("unavailable", "cannot check the token"), Map.of("Retry-After", "7")));

        assertEquals(Duration.ofSeconds(7), watcher.attempt());
        assertTrue(log.toString().contains("answered 503: unavailable: cannot check the token; retrying in 7s"), log.toString());
        assertTrue(watcher.attempt().compareTo(Duration.ofSeconds(70)) > 0, "then issues and waits for renewal");
    }

    @Test
    void backsOffExponentiallyAndStartsOverAfterASuccess() {
        for (int i = 0; i < 7; i++) {
            ca.script.add(new FakeCa.Scripted(500, FakeCa.error("internal", "boom"), Map.of()));
        }
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            waits.add(watcher.attempt());
        }

        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L), waits.stream().map(Duration::toSeconds).toList());
        watcher.attempt();
        ca.script.add(new FakeCa.Scripted(500, FakeCa.error("internal", "boom"), Map.of()));
        assertEquals(Duration.ofSeconds(1), watcher.attempt());
    }

    @Test
    void keepsRetryingWhenTheTokenIsNotMountedYet() throws Exception {
        Files.delete(tmp.resolve("token"));

        assertEquals(Duration.ofSeconds(1), watcher.attempt());
        assertTrue(log.toString().contains("does not exist"), log.toString());
        Files.writeString(tmp.resolve("token"), "token-1");
        assertTrue(watcher.attempt().compareTo(Duration.ofSeconds(70)) > 0);
    }

    @Test
    void runSleepsEachReturnedDelayUntilInterrupted() {
        ca.script.add(new FakeCa.Scripted(503, FakeCa.error("unavailable", "later"), Map.of("Retry-After", "3")));
        List<Duration> slept = new ArrayList<>();

        assertThrows(InterruptedException.class, () -> watcher.run(duration -> {
            slept.add(duration);
            if (slept.size() == 2) {
                throw new InterruptedException("stop");
            }
        }));

        assertEquals(Duration.ofSeconds(3), slept.get(0));
        assertTrue(slept.get(1).compareTo(Duration.ofSeconds(70)) > 0, slept.toString());
    }
}
