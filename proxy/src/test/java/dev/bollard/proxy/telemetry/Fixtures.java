package dev.bollard.proxy.telemetry;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bollard.identity.SpiffeId;
import dev.bollard.proxy.authz.Authorizer;
import dev.bollard.proxy.log.ConnectionRecord;
import dev.bollard.proxy.log.ConnectionRecord.Direction;
import dev.bollard.proxy.log.ConnectionRecord.Transport;
import dev.bollard.proxy.log.RequestRecord;
import dev.bollard.proxy.state.MeshEndpoint;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.MtlsPolicy;
import dev.bollard.proxy.state.ServiceTarget;
import dev.bollard.proxy.state.WorkloadTelemetry;

/**
 * A small mesh: this proxy is storefront-v1 (shop, 10.0.0.10, behind Service shop/storefront
 * 10.96.0.10:80 → :8080); checkout-v2 (10.0.0.20, behind shop/checkout 10.96.0.20:8080) is a
 * meshed peer.
 */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    static final String SELF_ID = "spiffe://cluster.local/ns/shop/sa/storefront";
    static final String CHECKOUT_ID = "spiffe://cluster.local/ns/shop/sa/checkout";
    static final InetSocketAddress SELF_APP = address("10.0.0.10", 8080);
    static final InetSocketAddress CHECKOUT_POD = address("10.0.0.20", 8080);
    static final InetSocketAddress CHECKOUT_VIP = address("10.96.0.20", 8080);
    static final InetSocketAddress STOREFRONT_VIP = address("10.96.0.10", 80);
    static final WorkloadTelemetry SELF = new WorkloadTelemetry("shop", "storefront-v1", "storefront", "v1", "storefront", "v1");
    static final WorkloadTelemetry CHECKOUT = new WorkloadTelemetry("shop", "checkout-v2", "checkout", "v2", "checkout", "v2");

    static final MeshSnapshot MESH = new MeshSnapshot("42", MtlsPolicy.DEFAULT,
            Map.of(CHECKOUT_POD.getAddress(), new MeshEndpoint(CHECKOUT_POD.getAddress(), SpiffeId.parse(CHECKOUT_ID),
                    "shop/checkout-v2-5d8f", MtlsPolicy.DEFAULT, CHECKOUT)),
            Map.of(CHECKOUT_VIP, new ServiceTarget("shop/checkout", List.of(CHECKOUT_POD)),
                    STOREFRONT_VIP, new ServiceTarget("shop/storefront", List.of(SELF_APP))),
            Authorizer.NONE, SELF);

    private Fixtures() {
    }

    static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    static ConnectionRecord inbound(InetSocketAddress source, Optional<String> peer, Transport transport, long from, long to,
                                    Optional<String> refused) {
        return new ConnectionRecord(T0, Direction.INBOUND, source, SELF_APP, peer, transport, from, to, 10, Optional.empty(),
                Optional.empty(), refused);
    }

    static ConnectionRecord outbound(InetSocketAddress source, InetSocketAddress destination, Optional<String> peer,
                                     Transport transport, long from, long to, Optional<String> refused, Optional<String> service,
                                     Optional<InetSocketAddress> upstream) {
        return new ConnectionRecord(T0, Direction.OUTBOUND, source, destination, peer, transport, from, to, 10,
                Optional.empty(), Optional.empty(), refused, service, upstream);
    }

    static RequestRecord request(ConnectionRecord on, String method, String authority, int status, long in, long out,
                                 long durationMs) {
        return new RequestRecord(T0, on.direction(), on.source(), on.destination(), on.peer(), on.transport(), method, "/",
                authority, status, in, out, durationMs, Optional.empty(), on.service());
    }

    /** A connection log that keeps what reaches it, to check the decorator forwards everything. */
    static final class Recording implements dev.bollard.proxy.log.ConnectionLog {
        final java.util.List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void write(String line) {
            seen.add(line);
        }

        @Override
        public void write(ConnectionRecord record) {
            seen.add(record);
        }

        @Override
        public void write(RequestRecord record) {
            seen.add(record);
        }

        @Override
        public void opened(ConnectionRecord soFar) {
            seen.add("opened " + soFar.source());
        }
    }
}
