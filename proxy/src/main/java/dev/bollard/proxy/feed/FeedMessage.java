package dev.bollard.proxy.feed;

import java.util.Objects;
import java.util.Optional;

import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;
import dev.bollard.proxy.state.MeshSnapshot;

/** One line of the control plane feed, parsed and validated ({@link FeedParser}). */
public sealed interface FeedMessage {
    /** A whole configuration, replacing the previous one. */
    record Snapshot(MeshSnapshot mesh, TrustDomain trustDomain, Optional<Workload> workload) implements FeedMessage {
        public Snapshot {
            Objects.requireNonNull(mesh, "mesh");
            Objects.requireNonNull(trustDomain, "trustDomain");
            Objects.requireNonNull(workload, "workload");
        }
    }

    /** This proxy's pod as the control plane knows it; absent until the pod shows up there. */
    record Workload(String namespace, String name, String serviceAccount, SpiffeId identity) {
    }

    /** Keep-alive: the stream is not dead. */
    record Heartbeat() implements FeedMessage {
    }

    /** A type this proxy does not know (a newer control plane); ignored, not an error. */
    record Unknown(String type) implements FeedMessage {
    }
}
