package dev.bollard.proxy.telemetry;

import java.net.InetSocketAddress;
import java.util.Optional;

import dev.bollard.identity.SpiffeId;
import dev.bollard.proxy.log.ConnectionRecord.Transport;
import dev.bollard.proxy.state.MeshEndpoint;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.WorkloadTelemetry;

/**
 * Resolves the two sides of a connection the way Istio's stats filter does. Pure: the snapshot,
 * this proxy's own SPIFFE ID and the connection's facts in, a {@link ConnectionView} out.
 *
 * <ul>
 * <li>Inbound ({@code reporter="destination"}): the destination is this workload; the source is the
 *     meshed pod at the source IP, unless its mTLS certificate names another identity (then only the
 *     certificate's namespace and principal are known). Principals only with mTLS;
 *     {@code connection_security_policy} is {@code mutual_tls} or {@code none}.</li>
 * <li>Outbound ({@code reporter="source"}): the source is this workload; the destination is the
 *     meshed pod dialled, its Service ({@code <name>.<ns>.svc.<suffix>}) or, without one,
 *     {@code PassthroughCluster}; {@code connection_security_policy} is {@code unknown}, as Istio
 *     sets it on the client side.</li>
 * </ul>
 */
final class IstioLabels {
    static final String DESTINATION = "destination";
    static final String SOURCE = "source";
    static final String MUTUAL_TLS = "mutual_tls";
    static final String NONE = "none";

    private final MetricsConfig config;
    private final String podNamespace;

    /** @param podNamespace this pod's namespace, for when the control plane sent no telemetry labels */
    IstioLabels(MetricsConfig config, String podNamespace) {
        this.config = config;
        this.podNamespace = podNamespace;
    }

    ConnectionView inbound(MeshSnapshot snapshot, ServiceIndex services, InetSocketAddress source,
                           InetSocketAddress destination, Optional<String> peer, Transport transport,
                           Optional<String> localPrincipal) {
        boolean mtls = transport == Transport.MTLS;
        Optional<String> principal = mtls ? peer : Optional.empty();
        Party self = self(snapshot, mtls ? localPrincipal : Optional.empty());
        Party client = peer(snapshot, source, principal);
        Destination fallback = new Destination(self.canonicalService(), self.canonicalService(), self.namespace());
        Optional<Destination> service = services.serving(destination).map(name -> service(name))
                .map(d -> new Destination(d.host(), d.name(), self.namespace()));
        return new ConnectionView(DESTINATION, client, self, service, fallback, mtls ? MUTUAL_TLS : NONE);
    }

    /** @param service the Service ({@code ns/name}) whose ClusterIP:port the destination was */
    ConnectionView outbound(MeshSnapshot snapshot, InetSocketAddress destination, Optional<InetSocketAddress> upstream,
                            Optional<String> service, Optional<String> peer, Transport transport,
                            Optional<String> localPrincipal) {
        boolean mtls = transport == Transport.MTLS;
        Party self = self(snapshot, mtls ? localPrincipal : Optional.empty());
        Party server = peer(snapshot, upstream.orElse(destination), mtls ? peer : Optional.empty());
        Optional<Destination> target = service.map(this::service);
        String namespace = !server.namespace().equals(Party.UNKNOWN) ? server.namespace()
                : target.map(Destination::namespace).orElse(Party.UNKNOWN);
        Party destinationParty = new Party(server.workload(), namespace, server.principal(), server.app(), server.version(),
                server.canonicalService(), server.canonicalRevision(), server.cluster());
        Destination fallback = new Destination(Party.UNKNOWN, Destination.PASSTHROUGH, namespace);
        return new ConnectionView(SOURCE, self, destinationParty, target, fallback, Party.UNKNOWN);
    }

    private Party self(MeshSnapshot snapshot, Optional<String> principal) {
        WorkloadTelemetry t = snapshot.workload();
        String namespace = t.namespace().equals(WorkloadTelemetry.UNKNOWN) ? podNamespace : t.namespace();
        return Party.of(t, namespace, principal.orElse(Party.UNKNOWN), config.cluster());
    }

    /** The meshed pod at {@code address}, trusted only when its listed identity is the certificate's. */
    private Party peer(MeshSnapshot snapshot, InetSocketAddress address, Optional<String> principal) {
        Optional<MeshEndpoint> endpoint = address.getAddress() == null ? Optional.empty()
                : snapshot.endpoint(address.getAddress());
        if (endpoint.isPresent() && principal.map(p -> p.equals(endpoint.get().identity().toString())).orElse(true)) {
            WorkloadTelemetry t = endpoint.get().telemetry();
            String namespace = principal.flatMap(IstioLabels::namespaceOf).orElse(t.namespace());
            return Party.of(t, namespace, principal.orElse(Party.UNKNOWN), config.cluster());
        }
        return Party.unknown(principal.flatMap(IstioLabels::namespaceOf).orElse(Party.UNKNOWN), principal.orElse(Party.UNKNOWN));
    }

    /** Istio prefers the namespace a SPIFFE ID names ({@code /ns/<ns>/sa/<sa>}) over the peer's metadata. */
    static Optional<String> namespaceOf(String principal) {
        try {
            return SpiffeId.parse(principal).namespace();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code ns/name} → {@code name.ns.svc.<suffix>}, as istiod names a Kubernetes Service's host. */
    Destination service(String namespacedName) {
        int slash = namespacedName.indexOf('/');
        String namespace = slash < 0 ? Party.UNKNOWN : namespacedName.substring(0, slash);
        String name = namespacedName.substring(slash + 1);
        return new Destination(name + "." + namespace + ".svc." + config.domainSuffix(), name, namespace);
    }
}
