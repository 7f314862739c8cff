package dev.bollard.webhook.mesh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;

/**
 * What one proxy sees of a {@link MeshState}, as a pure function: its own workload (with its
 * telemetry labels), effective PeerAuthentication and AuthorizationPolicies, and every mesh endpoint (one per pod IP, sorted by address) with its identity
 * and effective PeerAuthentication, and every Service with ready endpoints ({@link ServiceEndpoints}).
 */
public final class FeedViews {
    private final TrustDomain trustDomain;
    private final PeerAuthenticationResolver resolver;
    private final AuthorizationPolicySelection authorization;
    // every proxy gets the same endpoint and service lists for a state: resolve them once, not once per stream
    private volatile Shared last;

    private record Shared(MeshState state, List<FeedSnapshot.Endpoint> endpoints, List<FeedSnapshot.Service> services) {
    }

    public FeedViews(TrustDomain trustDomain, String rootNamespace) {
        this.trustDomain = trustDomain;
        this.resolver = new PeerAuthenticationResolver(rootNamespace);
        this.authorization = new AuthorizationPolicySelection(rootNamespace);
    }

    public FeedSnapshot view(MeshState state, FeedRequest request) {
        Optional<MeshPod> self = state.pod(request.namespace(), request.pod());
        FeedSnapshot.Workload workload = self.map(p -> new FeedSnapshot.Workload(p.namespace(), p.name(), p.serviceAccount(),
                identity(p).toString(), TelemetryLabels.of(p))).orElse(null);
        EffectivePeerAuthentication own = self.map(p -> resolver.resolve(p, state.policies()))
                .orElseGet(() -> resolver.resolve(request.namespace(), Optional.empty(), state.policies()));
        // an unknown pod has no labels to select with: no policies until it is known
        List<FeedSnapshot.AuthorizationPolicy> policies = self
                .map(p -> authorization.forPod(p, state.authorizationPolicies()).stream().map(FeedSnapshot.AuthorizationPolicy::of).toList())
                .orElse(List.of());
        Shared shared = shared(state);
        return new FeedSnapshot(FeedSnapshot.TYPE, String.valueOf(state.version()), trustDomain.name(), workload,
                FeedSnapshot.PeerAuthentication.of(own), policies, shared.endpoints(), shared.services());
    }

    private Shared shared(MeshState state) {
        Shared cached = last;
        if (cached != null && cached.state() == state) {
            return cached;
        }
        Shared fresh = new Shared(state, resolveEndpoints(state), ServiceEndpoints.of(state));
        last = fresh;
        return fresh;
    }

    private List<FeedSnapshot.Endpoint> resolveEndpoints(MeshState state) {
        List<FeedSnapshot.Endpoint> endpoints = new ArrayList<>();
        for (MeshPod pod : state.pods()) {
            if (!pod.isMeshEndpoint()) {
                continue;
            }
            FeedSnapshot.PeerAuthentication mtls = FeedSnapshot.PeerAuthentication.of(resolver.resolve(pod, state.policies()));
            String identity = identity(pod).toString();
            FeedSnapshot.Telemetry telemetry = TelemetryLabels.of(pod);
            for (String ip : pod.podIPs()) {
                endpoints.add(new FeedSnapshot.Endpoint(ip, identity, pod.namespace(), pod.name(), pod.tlsMode().orElseThrow(), mtls,
                        telemetry));
            }
        }
        endpoints.sort(Comparator.comparing(FeedSnapshot.Endpoint::ip, IpAddresses.NUMERIC));
        return List.copyOf(endpoints);
    }

    private SpiffeId identity(MeshPod pod) {
        return SpiffeId.forServiceAccount(trustDomain, pod.namespace(), pod.serviceAccount());
    }
}
