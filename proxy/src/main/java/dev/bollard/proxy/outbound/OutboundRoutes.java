package dev.bollard.proxy.outbound;

import java.net.InetSocketAddress;
import java.util.Objects;

import dev.bollard.proxy.state.MeshEndpoint;
import dev.bollard.proxy.state.MeshSnapshot;

/**
 * Where an outbound connection goes, decided from the snapshot alone (pure): mutual TLS to a meshed
 * pod whose PeerAuthentication accepts it on that port, plain TCP to anything else. The address is
 * never rewritten: the upstream is the original destination, only the transport differs.
 */
public final class OutboundRoutes {
    private OutboundRoutes() {
    }

    /** The route of one connection. */
    public sealed interface Route permits MeshMtls, Passthrough {
        InetSocketAddress destination();
    }

    /** Open mTLS and require {@code endpoint.identity()} of the server (secure naming). */
    public record MeshMtls(InetSocketAddress destination, MeshEndpoint endpoint) implements Route {
        public MeshMtls {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /** Relay plain TCP: not a meshed pod, or one that DISABLEs mTLS on that port. */
    public record Passthrough(InetSocketAddress destination) implements Route {
        public Passthrough {
            Objects.requireNonNull(destination, "destination");
        }
    }

    public static Route resolve(MeshSnapshot snapshot, InetSocketAddress destination) {
        return snapshot.endpoint(destination.getAddress())
                .filter(endpoint -> endpoint.acceptsMtls(destination.getPort()))
                .<Route>map(endpoint -> new MeshMtls(destination, endpoint))
                .orElseGet(() -> new Passthrough(destination));
    }
}
