package dev.bollard.proxy.telemetry;

import static dev.bollard.proxy.telemetry.Fixtures.CHECKOUT_ID;
import static dev.bollard.proxy.telemetry.Fixtures.CHECKOUT_POD;
import static dev.bollard.proxy.telemetry.Fixtures.CHECKOUT_VIP;
import static dev.bollard.proxy.telemetry.Fixtures.MESH;
import static dev.bollard.proxy.telemetry.Fixtures.SELF_ID;
import static dev.bollard.proxy.telemetry.Fixtures.address;
import static dev.bollard.proxy.telemetry.Fixtures.inbound;
import static dev.bollard.proxy.telemetry.Fixtures.outbound;
import static dev.bollard.proxy.telemetry.Fixtures.request;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.bollard.golden.Golden;
import dev.bollard.proxy.log.ConnectionRecord;
import dev.bollard.proxy.log.ConnectionRecord.Transport;

/**
 * The whole scrape for a known set of connections and requests, against a golden file
 * ({@code -Dgolden.update=true} rewrites it, as {@code make update-golden} does).
 */
class StandardMetricsGoldenTest {
    private static final Golden GOLDEN = Golden.in(Path.of("src/test/resources/telemetry"), ".prom");

    @Test
    void scrapeOfAKnownMixOfConnectionsMatchesTheGoldenFile() {
        AtomicLong nanos = new AtomicLong();
        IstioMetrics metrics = new IstioMetrics(MetricsConfig.DEFAULT_SERIES_LIMIT);
        MetricsConnectionLog log = new MetricsConnectionLog(new Fixtures.Recording(), metrics, MetricsConfig.defaults(), "shop",
                () -> MESH, () -> Optional.of(SELF_ID), nanos::get);

        // inbound mTLS TCP from checkout
        ConnectionRecord tcpIn = inbound(address("10.0.0.20", 40001), Optional.of(CHECKOUT_ID), Transport.MTLS, 100, 200,
                Optional.empty());
        log.opened(tcpIn);
        log.write(tcpIn);
        // inbound mTLS HTTP from checkout: two requests on one connection, no TCP metrics
        ConnectionRecord httpIn = inbound(address("10.0.0.20", 40002), Optional.of(CHECKOUT_ID), Transport.MTLS, 500, 7000,
                Optional.empty());
        log.opened(httpIn);
        log.write(request(httpIn, "GET", "storefront.shop.svc.cluster.local", 200, 120, 3400, 12));
        log.write(request(httpIn, "GET", "storefront.shop.svc.cluster.local", 404, 110, 90, 0));
        log.write(httpIn);
        // outbound HTTP to the checkout Service, mTLS to its pod
        ConnectionRecord httpOut = outbound(address("10.0.0.10", 50001), CHECKOUT_VIP, Optional.of(CHECKOUT_ID), Transport.MTLS,
                300, 80, Optional.empty(), Optional.of("shop/checkout"), Optional.of(CHECKOUT_POD));
        log.opened(httpOut);
        log.write(request(httpOut, "POST", "checkout:8080", 503, 300, 80, 7));
        log.write(httpOut);
        // outbound TCP to the internet: passthrough
        ConnectionRecord passthrough = outbound(address("10.0.0.10", 50002), address("93.184.216.34", 443), Optional.empty(),
                Transport.PASSTHROUGH, 517, 4096, Optional.empty(), Optional.empty(), Optional.empty());
        log.opened(passthrough);
        log.write(passthrough);
        // outbound HTTP passthrough whose Host a user chose: escaped
        ConnectionRecord plainHttp = outbound(address("10.0.0.10", 50003), address("93.184.216.35", 80), Optional.empty(),
                Transport.PASSTHROUGH, 60, 60, Optional.empty(), Optional.empty(), Optional.empty());
        log.opened(plainHttp);
        log.write(request(plainHttp, "GET", "evil\"host\\\n", 200, 60, 60, 2));
        log.write(plainHttp);
        // the checkout pod refuses the connection: never opened, still counted (UF)
        log.write(outbound(address("10.0.0.10", 50004), CHECKOUT_VIP, Optional.empty(), Transport.MTLS, 0, 0,
                Optional.of("connect to 10.0.0.20:8080 failed: connection refused"), Optional.of("shop/checkout"),
                Optional.of(CHECKOUT_POD)));
        // STRICT refuses plaintext: Istio counts nothing
        log.write(inbound(address("10.0.0.99", 40003), Optional.empty(), Transport.PLAINTEXT, 10, 0,
                Optional.of("plaintext connection refused by STRICT PeerAuthentication shop/default")));
        // a plaintext TCP connection open for 6 s: counted as opened, not closed
        log.opened(inbound(address("10.0.0.77", 40004), Optional.empty(), Transport.PLAINTEXT, 0, 0, Optional.empty()));
        nanos.addAndGet(6_000_000_000L);

        ProxyHealth health = new ProxyHealth(() -> Optional.of(Fixtures.T0.plusSeconds(86_400 + 3_600)), () -> true,
                () -> "42", () -> 2, () -> true, () -> 3);
        String text = new Scrape(metrics, log::promote, health, Clock.fixed(Fixtures.T0, ZoneOffset.UTC), false).text();

        GOLDEN.assertMatches("standard-metrics.prom", text);
        GOLDEN.assertAllUsed();
    }
}
