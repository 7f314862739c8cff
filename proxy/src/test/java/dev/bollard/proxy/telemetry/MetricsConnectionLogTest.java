package dev.bollard.proxy.telemetry;

import static dev.bollard.proxy.telemetry.Fixtures.CHECKOUT_ID;
import static dev.bollard.proxy.telemetry.Fixtures.MESH;
import static dev.bollard.proxy.telemetry.Fixtures.SELF_ID;
import static dev.bollard.proxy.telemetry.Fixtures.address;
import static dev.bollard.proxy.telemetry.Fixtures.inbound;
import static dev.bollard.proxy.telemetry.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.bollard.proxy.authz.AuthzDecision;
import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.log.ConnectionRecord;
import dev.bollard.proxy.log.ConnectionRecord.Direction;
import dev.bollard.proxy.log.ConnectionRecord.Transport;
import dev.bollard.proxy.log.RequestRecord;

class MetricsConnectionLogTest {
    final AtomicLong nanos = new AtomicLong();
    final IstioMetrics metrics = new IstioMetrics(100);
    final Fixtures.Recording next = new Fixtures.Recording();
    final MetricsConnectionLog log = new MetricsConnectionLog(next, metrics, MetricsConfig.defaults(), "shop", () -> MESH,
            () -> Optional.of(SELF_ID), nanos::get);
    /** The connection most tests follow from opened to closed. */
    final ConnectionRecord c = tcp(40000);
    /** A request on {@link #c}: what makes it an HTTP connection. */
    final RequestRecord get = request(c, "GET", "a", 200, 1, 2, 3);

    static long total(Family<Counter> family) {
        StringBuilder out = new StringBuilder();
        family.write(out);
        return out.toString().lines().filter(l -> !l.startsWith("#")).mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** istio_tcp_connections_opened_total and _closed_total, each summed over its series. */
    void assertTcpConnections(long opened, long closed) {
        assertEquals(opened, total(metrics.tcpOpened), "opened");
        assertEquals(closed, total(metrics.tcpClosed), "closed");
    }

    static ConnectionRecord tcp(int port) {
        return inbound(address("10.0.0.20", port), Optional.of(CHECKOUT_ID), Transport.MTLS, 10, 20, Optional.empty());
    }

    @Test
    void forwardsEveryEventToTheRealLog() {
        log.opened(c);
        log.write(get);
        log.write(c);
        log.write("a line");

        assertEquals(List.of("opened " + c.source(), get, c, "a line"), next.seen);
    }

    @Test
    void aTcpConnectionCountsOpenedClosedAndItsBytesWhenItCloses() {
        log.opened(c);
        assertEquals(0, total(metrics.tcpOpened));
        log.write(c);

        assertTcpConnections(1, 1);
        assertEquals(20, total(metrics.tcpSent));
        assertEquals(10, total(metrics.tcpReceived));
        assertEquals(0, log.tracked());
    }

    @Test
    void anHttpConnectionHasRequestMetricsOnlyAsInIstio() {
        log.opened(c);
        log.write(get);
        log.write(get);
        log.write(c);

        assertEquals(2, total(metrics.requests));
        assertEquals(1, metrics.requests.size());
        assertEquals(2, metrics.duration.get(firstLabels(c)).count());
        assertTcpConnections(0, 0);
    }

    @Test
    void aConnectionsRequestWithAnotherStatusCountsInItsOwnSeries() {
        log.opened(c);
        log.write(get);
        log.write(request(c, "GET", "a", 503, 1, 2, 3));
        log.write(request(c, "GET", "b", 503, 1, 2, 3)); // same series: the connection's Service names the destination
        log.write(get);

        assertEquals(4, total(metrics.requests));
        assertEquals(2, metrics.requests.size());
        assertEquals(2, metrics.duration.get(firstLabels(c)).count());
    }

    @Test
    void requestsPastTheSeriesLimitAreEachCountedAsFolded() {
        IstioMetrics full = new IstioMetrics(1);
        MetricsConnectionLog limited = new MetricsConnectionLog(next, full, MetricsConfig.defaults(), "shop", () -> MESH,
                () -> Optional.of(SELF_ID), nanos::get);
        limited.opened(c);
        limited.write(get);
        for (int i = 0; i < 3; i++) {
            limited.write(request(c, "GET", "a", 404, 1, 2, 3));
        }

        assertEquals(1, full.requests.size());
        assertEquals(3, full.requests.folded());
        assertEquals(4, total(full.requests));
    }

    private List<String> firstLabels(ConnectionRecord c) {
        return new IstioLabels(MetricsConfig.defaults(), "shop").inbound(MESH, ServiceIndex.of(MESH), c.source(), c.destination(),
                c.peer(), c.transport(), Optional.of(SELF_ID)).request("a", 200, "-");
    }

    @Test
    void aLongLivedTcpConnectionCountsAsOpenedAfterFiveSecondsAndClosesOnce() {
        log.opened(c);
        nanos.addAndGet(4_999_000_000L);
        log.promote();
        assertEquals(0, total(metrics.tcpOpened));
        nanos.addAndGet(1_000_000L);
        log.promote();
        log.promote();
        assertEquals(1, total(metrics.tcpOpened));

        log.write(c);
        assertTcpConnections(1, 1);
    }

    @Test
    void aSlowFirstRequestAfterThePromotionStillClosesItsOpenedSeries() {
        log.opened(c);
        nanos.addAndGet(6_000_000_000L);
        log.promote();
        log.write(request(c, "GET", "a", 200, 1, 2, 6000));
        log.write(c);

        assertTcpConnections(1, 1); // opened and closed stay balanced
        assertEquals(1, total(metrics.requests));
    }

    @Test
    void refusalsBeforeTheFilterChainAreNotCountedButUpstreamFailuresAndTcpDenialsAre() {
        log.write(inbound(address("10.0.0.99", 1), Optional.empty(), Transport.PLAINTEXT, 5, 0,
                Optional.of("plaintext connection refused by STRICT PeerAuthentication shop/default")));
        log.write(inbound(address("10.0.0.99", 2), Optional.empty(), Transport.MTLS, 5, 0, Optional.of("mTLS handshake failed: x")));
        assertEquals(0, total(metrics.tcpOpened));

        log.write(inbound(address("10.0.0.99", 3), Optional.empty(), Transport.PLAINTEXT, 5, 0,
                Optional.of("application at 127.0.0.1:8080 refused the connection")));
        ConnectionRecord denied = new ConnectionRecord(Fixtures.T0, Direction.INBOUND, address("10.0.0.99", 4), Fixtures.SELF_APP,
                Optional.empty(), Transport.PLAINTEXT, 5, 0, 1, Optional.empty(), Optional.empty(), Optional.of("denied"),
                Optional.empty(), Optional.empty(), Optional.of(new AuthzDecision(AuthzDecision.Verdict.DENY, "shop/deny-all",
                "matched", List.of())));
        log.write(denied);
        assertTcpConnections(2, 2);
    }

    @Test
    void withoutOpenedAConnectionStillCountsAtItsCloseUnlessItCarriedRequests() {
        log.write(c);
        assertTcpConnections(1, 1);

        ConnectionRecord http = tcp(40001);
        log.write(request(http, "GET", "a", 200, 1, 2, 3));
        log.write(http);
        assertEquals(1, total(metrics.tcpOpened));
        assertEquals(1, total(metrics.requests));
        assertEquals(0, log.tracked());
    }

    @Test
    void aRequestBeforeOpenedStillMakesTheConnectionHttp() {
        log.write(get);
        log.opened(c);
        log.write(c);

        assertTcpConnections(0, 0);
        assertEquals(0, log.tracked());
    }

    @Test
    void aRequestWrittenAfterItsConnectionClosedIsForgottenOnceIdle() {
        log.write(c);
        log.write(request(c, "GET", "a", 0, 1, 0, 3));
        assertEquals(1, log.tracked());

        nanos.addAndGet(MetricsConnectionLog.HTTP_MARK_IDLE_NANOS);
        log.promote();
        assertEquals(0, log.tracked());
        assertEquals(1, total(metrics.requests));
    }

    @Test
    void aBrokenSnapshotSupplierCostsTheMetricsNotTheLogLine() {
        Fixtures.Recording sink = new Fixtures.Recording();
        ConnectionLog broken = new MetricsConnectionLog(sink, metrics, MetricsConfig.defaults(), "shop", () -> {
            throw new IllegalStateException("no snapshot");
        }, Optional::empty, nanos::get);
        broken.opened(c);
        broken.write(c);

        assertEquals(2, sink.seen.size());
    }
}
