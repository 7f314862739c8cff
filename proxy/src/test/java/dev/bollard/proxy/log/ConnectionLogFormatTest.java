package dev.bollard.proxy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.bollard.proxy.log.ConnectionRecord.Direction;
import dev.bollard.proxy.log.ConnectionRecord.Transport;
import dev.bollard.proxy.state.PeerAuthenticationMode;

/** The contract's example lines, reproduced byte for byte. */
class ConnectionLogFormatTest {
    static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(io.netty.util.NetUtil.createInetAddressFromIpAddressString(ip), port);
    }

    static ConnectionRecord record(String time, Direction d, String src, int sport, String dst, int dport, String peer, Transport t,
                                   long fromClient, long toClient, long ms, String policy, PeerAuthenticationMode mode, String refused) {
        return new ConnectionRecord(Instant.parse(time), d, at(src, sport), at(dst, dport), Optional.ofNullable(peer), t,
                fromClient, toClient, ms, Optional.ofNullable(policy), Optional.ofNullable(mode), Optional.ofNullable(refused));
    }

    @Test
    void contractGoldenLines() {
        assertEquals("2026-12-01T20:30:00.123Z inbound 10.250.0.2:41234 -> 10.250.0.3:8080 peer=spiffe://cluster.local/ns/demo/sa/a mtls"
                        + " bytes_in=78 bytes_out=512 duration_ms=12 policy=demo/default mode=STRICT",
                ConnectionLogFormat.format(record("2026-12-01T20:30:00.123Z", Direction.INBOUND, "10.250.0.2", 41234, "10.250.0.3", 8080,
                        "spiffe://cluster.local/ns/demo/sa/a", Transport.MTLS, 78, 512, 12, "demo/default", PeerAuthenticationMode.STRICT, null)));
        assertEquals("2026-12-01T20:30:01.000Z inbound 10.250.0.9:50000 -> 10.250.0.3:8080 peer=- plaintext bytes_in=0 bytes_out=0"
                        + " duration_ms=3 mode=STRICT refused=\"plaintext connection refused by STRICT PeerAuthentication demo/default\"",
                ConnectionLogFormat.format(record("2026-12-01T20:30:01Z", Direction.INBOUND, "10.250.0.9", 50000, "10.250.0.3", 8080,
                        null, Transport.PLAINTEXT, 0, 0, 3, "demo/default", PeerAuthenticationMode.STRICT,
                        "plaintext connection refused by STRICT PeerAuthentication demo/default")));
        assertEquals("2026-12-01T20:30:02.000Z outbound 10.250.0.2:41234 -> 10.250.0.3:8080 peer=spiffe://cluster.local/ns/demo/sa/b mtls"
                        + " bytes_out=78 bytes_in=512 duration_ms=12",
                ConnectionLogFormat.format(record("2026-12-01T20:30:02Z", Direction.OUTBOUND, "10.250.0.2", 41234, "10.250.0.3", 8080,
                        "spiffe://cluster.local/ns/demo/sa/b", Transport.MTLS, 78, 512, 12, null, null, null)));
        assertEquals("2026-12-01T20:30:04.000Z outbound 10.250.0.2:41250 -> 10.250.9.9:80 peer=- passthrough bytes_out=10 bytes_in=20"
                        + " duration_ms=5",
                ConnectionLogFormat.format(record("2026-12-01T20:30:04Z", Direction.OUTBOUND, "10.250.0.2", 41250, "10.250.9.9", 80,
                        null, Transport.PASSTHROUGH, 10, 20, 5, null, null, null)));
    }

    @Test
    void timestampsKeepThreeDigitsOfMillisecondsAcrossSecondsAndYears() {
        for (String time : new String[] {"2026-12-01T20:30:00.007Z", "2026-12-01T20:30:00.070Z", "2026-12-01T20:30:00.999Z",
                "2026-12-01T20:30:01.000Z", "2026-12-01T20:30:00.001Z", "2027-01-01T00:00:00.100Z"}) {
            StringBuilder line = new StringBuilder();
            ConnectionLogFormat.timestamp(line, Instant.parse(time));
            assertEquals(time, line.toString());
        }
    }

    @Test
    void serviceLinesNameTheServiceAndTheChosenEndpoint() {
        ConnectionRecord mtls = record("2026-12-01T20:30:05Z", Direction.OUTBOUND, "10.250.0.2", 41260, "10.96.0.20", 80,
                "spiffe://cluster.local/ns/demo/sa/b", Transport.MTLS, 78, 512, 12, null, null, null);
        assertEquals("2026-12-01T20:30:05.000Z outbound 10.250.0.2:41260 -> 10.96.0.20:80 upstream=10.250.0.3:8080 service=demo/b"
                        + " peer=spiffe://cluster.local/ns/demo/sa/b mtls bytes_out=78 bytes_in=512 duration_ms=12",
                ConnectionLogFormat.format(withService(mtls, "demo/b", at("10.250.0.3", 8080))));
        ConnectionRecord plain = record("2026-12-01T20:30:06Z", Direction.OUTBOUND, "10.250.0.2", 41270, "10.96.0.21", 80,
                null, Transport.PASSTHROUGH, 10, 20, 5, null, null, null);
        assertEquals("2026-12-01T20:30:06.000Z outbound 10.250.0.2:41270 -> 10.96.0.21:80 service=demo/plain peer=- passthrough"
                        + " bytes_out=10 bytes_in=20 duration_ms=5",
                ConnectionLogFormat.format(withService(plain, "demo/plain", null)));
        String forged = ConnectionLogFormat.format(withService(plain, "demo/a b\n", null));
        assertTrue(forged.contains(" service=demo/a\\u0020b\\u000a peer="), forged);
    }

    static ConnectionRecord withService(ConnectionRecord r, String service, InetSocketAddress upstream) {
        return new ConnectionRecord(r.start(), r.direction(), r.source(), r.destination(), r.peer(), r.transport(), r.bytesFromClient(),
                r.bytesToClient(), r.durationMs(), r.policy(), r.mode(), r.refused(), Optional.of(service), Optional.ofNullable(upstream));
    }

    @Test
    void ipv6AddressesAreBracketed() {
        String line = ConnectionLogFormat.format(record("2026-12-01T20:30:04Z", Direction.OUTBOUND, "fd00::2", 41250, "fd00::3", 80,
                null, Transport.PASSTHROUGH, 1, 2, 5, null, null, null));
        assertTrue(line.contains(" [fd00:0:0:0:0:0:0:2]:41250 -> [fd00:0:0:0:0:0:0:3]:80 "), line);
    }

    @Test
    void nothingAPeerControlsCanForgeALine() {
        String forged = "x\n2026-12-01T20:30:00.123Z inbound 1.2.3.4:1 -> 5.6.7.8:2 peer=evil mtls";
        String line = ConnectionLogFormat.format(record("2026-12-01T20:30:00Z", Direction.INBOUND, "10.0.0.1", 1, "10.0.0.2", 2,
                "spiffe://td/a b\"c", Transport.MTLS, 0, 0, 0, "ns/p\nq", PeerAuthenticationMode.PERMISSIVE, null));
        assertFalse(line.contains("\n"));
        assertTrue(line.contains("peer=spiffe://td/a\\u0020b\\u0022c mtls"), line);
        assertTrue(line.contains("policy=ns/p\\u000aq mode=PERMISSIVE"), line);
        String refused = ConnectionLogFormat.format(record("2026-12-01T20:30:00Z", Direction.OUTBOUND, "10.0.0.1", 1, "10.0.0.2", 2,
                null, Transport.MTLS, 0, 0, 0, null, null, "handshake failed: \"" + forged + "\" \\ \u00e9"));
        assertFalse(refused.contains("\n"));
        assertTrue(refused.endsWith("refused=\"handshake failed: \\\"x\\u000a2026-12-01T20:30:00.123Z inbound 1.2.3.4:1 -> 5.6.7.8:2"
                + " peer=evil mtls\\\" \\\\ \\u00e9\""), refused);
        // exactly one unescaped quote pair: the reason's
        assertEquals(2, refused.replace("\\\"", "").chars().filter(c -> c == '"').count());
    }

    @Test
    void tcpAuthorizationDecisions() {
        ConnectionRecord base = record("2026-12-01T20:30:00.123Z", Direction.INBOUND, "10.250.0.2", 41234, "10.250.0.3", 5432,
                "spiffe://cluster.local/ns/demo/sa/c", Transport.MTLS, 0, 0, 1, "demo/default", PeerAuthenticationMode.STRICT,
                "denied by AuthorizationPolicy demo/deny-c");
        ConnectionRecord denied = new ConnectionRecord(base.start(), base.direction(), base.source(), base.destination(), base.peer(),
                base.transport(), 0, 0, 1, base.policy(), base.mode(), base.refused(), Optional.empty(), Optional.empty(),
                Optional.of(new dev.bollard.proxy.authz.AuthzDecision(dev.bollard.proxy.authz.AuthzDecision.Verdict.DENY,
                        "demo/deny-c", dev.bollard.proxy.authz.AuthzDecision.MATCHED_DENY, java.util.List.of("audit demo/audit-all"))));
        assertEquals("2026-12-01T20:30:00.123Z inbound 10.250.0.2:41234 -> 10.250.0.3:5432 peer=spiffe://cluster.local/ns/demo/sa/c mtls"
                + " bytes_in=0 bytes_out=0 duration_ms=1 mode=STRICT rbac=deny rbac_policy=demo/deny-c rbac_shadow=\"audit demo/audit-all\""
                + " refused=\"denied by AuthorizationPolicy demo/deny-c\"", ConnectionLogFormat.format(denied));
    }
}
