package dev.bollard.proxy.outbound;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

import dev.bollard.proxy.state.MeshEndpoint;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.ServiceTarget;

/**
 * Where an outbound connection goes, decided from the snapshot alone (pure).
 * <ul>
 * <li>A Service's ClusterIP:port: the proxy picks one of its endpoints, since no kube-proxy runs in
 *     the pod's network namespace to do it. A meshed endpoint that accepts mTLS on its target port
 *     gets mutual TLS to that pod IP and port, with that pod's identity required (Istio's auto mTLS).
 *     Any other endpoint gets plain TCP to the endpoint the proxy chose, as Istio does: handing it
 *     back to the ClusterIP would let kube-proxy pick again, possibly a STRICT meshed pod that then
 *     refuses the plaintext.</li>
 * <li>A meshed pod whose PeerAuthentication accepts mTLS on that port: mutual TLS to the same address.</li>
 * <li>Anything else: plain TCP to the original destination.</li>
 * </ul>
 */
public final class OutboundRoutes {
    private OutboundRoutes() {
    }

    /** The route of one connection. */
    public sealed interface Route permits MeshMtls, Passthrough {
        /** The upstream to dial. */
        InetSocketAddress destination();

        /** {@code namespace/name} of the Service the original destination belongs to, if any. */
        Optional<String> service();
    }

    /** Open mTLS to {@code destination} and require {@code endpoint.identity()} of the server (secure naming). */
    public record MeshMtls(InetSocketAddress destination, MeshEndpoint endpoint, Optional<String> service) implements Route {
        public MeshMtls {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(service, "service");
        }

        public MeshMtls(InetSocketAddress destination, MeshEndpoint endpoint) {
            this(destination, endpoint, Optional.empty());
        }
    }

    /** Relay plain TCP: not a meshed pod, or one that DISABLEs mTLS on that port. */
    public record Passthrough(InetSocketAddress destination, Optional<String> service) implements Route {
        public Passthrough {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(service, "service");
        }

        public Passthrough(InetSocketAddress destination) {
            this(destination, Optional.empty());
        }
    }

    /** As {@link #resolve(MeshSnapshot, InetSocketAddress, EndpointPicker)} with the first endpoint of a Service. */
    public static Route resolve(MeshSnapshot snapshot, InetSocketAddress destination) {
        return resolve(snapshot, destination, size -> 0);
    }

    public static Route resolve(MeshSnapshot snapshot, InetSocketAddress destination, EndpointPicker picker) {
        Optional<ServiceTarget> service = snapshot.service(destination);
        if (service.isPresent()) {
            return viaService(snapshot, destination, service.get(), picker);
        }
        return snapshot.endpoint(destination.getAddress())
                .filter(endpoint -> endpoint.acceptsMtls(destination.getPort()))
                .<Route>map(endpoint -> new MeshMtls(destination, endpoint))
                .orElseGet(() -> new Passthrough(destination));
    }

    private static Route viaService(MeshSnapshot snapshot, InetSocketAddress vip, ServiceTarget service, EndpointPicker picker) {
        int index = picker.pick(service.endpoints().size());
        if (index < 0 || index >= service.endpoints().size()) {
            throw new IllegalStateException("endpoint picker chose " + index + " of " + service.endpoints().size());
        }
        InetSocketAddress chosen = service.endpoints().get(index);
        Optional<String> name = Optional.of(service.name());
        return snapshot.endpoint(chosen.getAddress())
                .filter(endpoint -> endpoint.acceptsMtls(chosen.getPort()))
                .<Route>map(endpoint -> new MeshMtls(chosen, endpoint, name))
                .orElseGet(() -> new Passthrough(chosen, name));
    }
}
