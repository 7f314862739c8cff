package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The data plane between real sockets: a {@link MeshNetwork} of meshed pods a, b, r (certificates
 * of 20 s), an impostor c (holds sa c, listed by the control plane as pod d with sa d) and a pod in
 * namespace legacy without a proxy. Apps speak plain HTTP; what the wire carries is read from
 * tcpdump on the pod's veth. The mesh starts once; tests that change PeerAuthentication reset it,
 * and the control plane is killed last. Needs root; skipped, loudly, otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshNetnsTest {
    private static final String NS = "demo";
    private static final Duration LOG_WAIT = Duration.ofSeconds(5);
    /** The certificate agent logs "issued SUMMARY; wrote ...; renewing at T (in D)" per certificate. */
    private static final String ISSUED = "; renewing at ";

    @RegisterExtension
    static final NetnsFixture<MeshNetwork> MESH = NetnsFixture.mesh(
            MeshPod.Spec.meshed(NS, "a-0", "a"),
            MeshPod.Spec.meshed(NS, "b-0", "b"),
            MeshPod.Spec.meshed(NS, "c-0", "c").impersonating("d-0", "d"),
            MeshPod.Spec.meshed(NS, "r-0", "r").validity(20),
            MeshPod.Spec.legacy("legacy", "legacy-0"));

    private final MeshNetwork net = MESH.network();
    private final MeshPod a = net.pod("a-0");
    private final MeshPod b = net.pod("b-0");
    private final MeshPod impostor = net.pod("c-0");
    private final MeshPod rotating = net.pod("r-0");
    private final MeshPod legacy = net.pod("legacy-0");

    @AfterEach
    void noPeerAuthentication() {
        if (net.controlPlane.alive()) {
            net.peerAuthentication();
        }
    }

    @Test
    @Order(1)
    void plaintextRequestFromAppAReachesAppBAsMutualTlsOnTheWire() {
        String marker = marker();
        Pcap wire;
        try (Capture capture = net.capture(b)) {
            assertEquals("hello from b-0 path=/" + marker, get(a, b, marker));
            wire = capture.stop();
        }
        List<byte[]> toB = wire.sentTo(b.ip, MeshPod.HTTP_PORT);
        assertFalse(toB.isEmpty(), "the capture saw the connection to b: " + wire.streams().keySet());
        assertTrue(toB.stream().allMatch(Pcap::startsWithTlsHandshake), "every stream to b:8080 opens with a TLS record");
        assertTrue(wire.contains("bollard-mtls"), "the ClientHello offers the mesh ALPN");
        assertFalse(wire.contains(marker), "the request's marker never crossed the wire in clear");
        assertTrue(b.appLog().contains("GET /" + marker + " from 127.0.0.6"),
                "b's app got the request from the proxy's 127.0.0.6: " + b.appLog());
    }

    @Test
    @Order(1)
    void bsConnectionLogNamesAsIdentity() {
        String marker = marker();
        long markA = a.proxyLogMark();
        long markB = b.proxyLogMark();
        assertEquals("hello from b-0 path=/" + marker, get(a, b, marker));
        String inbound = b.awaitProxyLine(markB, l -> l.contains(" inbound ") && l.contains("peer=" + a.spiffeId() + " mtls"), LOG_WAIT)
                .orElseThrow(() -> new AssertionError("no inbound mtls line for a in b's log:\n" + b.proxyLog()));
        assertTrue(inbound.contains(a.ip + ":") && inbound.contains("-> " + b.ip + ":" + MeshPod.HTTP_PORT), inbound);
        String outbound = a.awaitProxyLine(markA, l -> l.contains(" outbound ") && l.contains("peer=" + b.spiffeId() + " mtls"), LOG_WAIT)
                .orElseThrow(() -> new AssertionError("no outbound mtls line for b in a's log:\n" + a.proxyLog()));
        assertTrue(outbound.contains("-> " + b.ip + ":" + MeshPod.HTTP_PORT), outbound);
    }

    @Test
    @Order(1)
    void destinationClaimingAnotherIdentityIsRefusedByTheCallersProxy() {
        String marker = marker();
        long mark = a.proxyLogMark();
        Processes.Result r = a.curl("http://" + impostor.ip + ":" + MeshPod.HTTP_PORT + "/" + marker);
        assertNotEquals(0, r.exitCode(), "the request to the impostor must fail: " + r.stdout());
        String listed = impostor.spiffeId("d");
        String presented = impostor.spiffeId("c");
        String refused = a.awaitProxyLine(mark, l -> l.contains(" outbound ") && l.contains("-> " + impostor.ip + ":")
                        && l.contains("refused="), LOG_WAIT)
                .orElseThrow(() -> new AssertionError("no refused line in a's log:\n" + a.proxyLog()));
        assertTrue(refused.contains(presented) && refused.contains(listed), "both identities named: " + refused);
        assertFalse(impostor.appLog().contains(marker), "the impostor's app never got the request");
    }

    @Test
    @Order(1)
    void strictRefusesAPlaintextClientAndPermissiveAdmitsItWithoutRestart() {
        long pidB = b.proxyProcess().orElseThrow().pid();
        assertTrue(plaintextFromLegacy().exitCode() == 0, "no policy means PERMISSIVE");

        long mark = b.proxyLogMark();
        net.peerAuthentication(MeshFiles.namespacePolicy(NS, "default", "STRICT"));
        Duration strict = within(Duration.ofSeconds(5), () -> plaintextFromLegacy().exitCode() != 0);
        String refused = b.awaitProxyLine(mark, l -> l.contains(" inbound ") && l.contains(legacy.ip + ":")
                        && l.contains("plaintext") && l.contains("refused="), LOG_WAIT)
                .orElseThrow(() -> new AssertionError("no refused line for legacy in b's log:\n" + b.proxyLog()));
        assertTrue(refused.contains("mode=STRICT"), refused);

        net.peerAuthentication(MeshFiles.namespacePolicy(NS, "default", "PERMISSIVE"));
        Duration permissive = within(Duration.ofSeconds(5), () -> plaintextFromLegacy().exitCode() == 0);
        assertEquals(pidB, b.proxyProcess().orElseThrow().pid());
        assertTrue(b.proxyProcess().orElseThrow().isAlive(), "b's proxy was not restarted");
        System.out.println("STRICT applied in " + strict.toMillis() + " ms, PERMISSIVE in " + permissive.toMillis() + " ms");
    }

    @Test
    @Order(1)
    void outboundToANonMeshAddressPassesThroughInPlaintext() {
        String marker = marker();
        long mark = a.proxyLogMark();
        Pcap wire;
        try (Capture capture = net.capture(legacy)) {
            assertEquals("hello from legacy-0 path=/" + marker, get(a, legacy, marker));
            wire = capture.stop();
        }
        assertTrue(wire.contains(marker), "plaintext on the wire to a non-mesh address");
        assertTrue(legacy.appLog().contains("GET /" + marker + " from " + a.ip), legacy.appLog());
        a.awaitProxyLine(mark, l -> l.contains(" outbound ") && l.contains("-> " + legacy.ip + ":" + MeshPod.HTTP_PORT)
                && l.contains("passthrough"), LOG_WAIT)
                .orElseThrow(() -> new AssertionError("no passthrough line in a's log:\n" + a.proxyLog()));
    }

    @Test
    @Order(2)
    void twentySecondCertificateRotatesUnderALongLivedConnection() {
        long before = issued(rotating);
        long mark = rotating.proxyLogMark();
        Processes.Result run = rotating.python(60, LONG_LIVED_CLIENT, b.ip, Integer.toString(MeshPod.ECHO_PORT), "26");
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().startsWith("OK "), run.stdout() + run.stderr());
        long after = issued(rotating);
        assertTrue(after > before, "a certificate was issued during the connection (" + before + " -> " + after
                + "):\n" + rotating.proxyLog());
        String line = rotating.awaitProxyLine(mark, l -> l.contains(" outbound ") && l.contains("-> " + b.ip + ":" + MeshPod.ECHO_PORT)
                && l.contains(" mtls"), LOG_WAIT)
                .orElseThrow(() -> new AssertionError("no log line for the long connection:\n" + rotating.proxyLog()));
        System.out.println("long-lived connection: " + run.stdout().strip() + "; " + line);
    }

    @Test
    @Order(3)
    void killingTheControlPlaneLeavesExistingConfigurationServing() {
        net.controlPlane.kill();
        assertFalse(net.controlPlane.alive());
        String marker = marker();
        long mark = b.proxyLogMark();
        assertEquals("hello from b-0 path=/" + marker, get(a, b, marker));
        String inbound = b.awaitProxyLine(mark, l -> l.contains(" inbound ") && l.contains("peer=" + a.spiffeId() + " mtls"), LOG_WAIT)
                .orElseThrow(() -> new AssertionError("no mtls line after the kill:\n" + b.proxyLog()));
        assertTrue(inbound.contains(a.ip + ":"), inbound);
        assertNotEquals(0, a.curl("http://" + impostor.ip + ":" + MeshPod.HTTP_PORT + "/after-kill").exitCode(),
                "the last endpoint list still holds: the impostor is still refused, the proxy did not fail open");
    }

    /** One TCP connection, a line every 0.5 s echoed back, for SECONDS; prints "OK n" or "FAIL ...". */
    static final String LONG_LIVED_CLIENT = """
            import socket, sys, time
            host, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
            s = socket.create_connection((host, port), timeout=5)
            f = s.makefile('rb')
            end, n = time.time() + seconds, 0
            try:
                while time.time() < end:
                    line = b'ping %d\\n' % n
                    s.sendall(line)
                    if f.readline() != line:
                        print('FAIL echo %d' % n); sys.exit(1)
                    n += 1
                    time.sleep(0.5)
            except OSError as e:
                print('FAIL at %d: %s' % (n, e)); sys.exit(1)
            s.shutdown(socket.SHUT_WR)
            print('OK %d lines over one connection' % n)
            """;

    private static String get(MeshPod from, MeshPod to, String marker) {
        Processes.Result r = from.curl("-H", "X-Marker: " + marker, "http://" + to.ip + ":" + MeshPod.HTTP_PORT + "/" + marker);
        assertEquals(0, r.exitCode(), () -> "curl " + from.spec.name() + " -> " + to.spec.name() + ": " + r.stderr()
                + "\nfrom proxy:\n" + from.proxyLog() + "\nto proxy:\n" + to.proxyLog());
        return r.stdout().strip();
    }

    private Processes.Result plaintextFromLegacy() {
        return legacy.curl("-m", "3", "http://" + b.ip + ":" + MeshPod.HTTP_PORT + "/legacy");
    }

    private static long issued(MeshPod pod) {
        return pod.proxyLog().lines().filter(l -> l.contains(ISSUED)).count();
    }

    /** Polls {@code condition} until it holds; fails after {@code limit}. Returns the time it took. */
    private static Duration within(Duration limit, java.util.function.BooleanSupplier condition) {
        Instant start = Instant.now();
        while (!condition.getAsBoolean()) {
            if (Duration.between(start, Instant.now()).compareTo(limit) > 0) {
                throw new AssertionError("condition not met within " + limit);
            }
            MeshControlPlane.sleep(200);
        }
        return Duration.between(start, Instant.now());
    }

    private static String marker() {
        return "marker-" + UUID.randomUUID().toString().replace("-", "");
    }
}
