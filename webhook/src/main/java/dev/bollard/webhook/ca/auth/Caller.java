package dev.bollard.webhook.ca.auth;

import dev.bollard.identity.SpiffeId;

import java.util.Objects;
import java.util.Optional;

/** An authenticated workload: its SPIFFE ID and, for pod-bound tokens, the pod it runs in. */
public record Caller(SpiffeId id, Optional<String> podName, Optional<String> podUid) {
    public Caller {
        Objects.requireNonNull(id, "caller identity");
        Objects.requireNonNull(podName, "pod name");
        Objects.requireNonNull(podUid, "pod uid");
    }

    public static Caller of(SpiffeId id) {
        return new Caller(id, Optional.empty(), Optional.empty());
    }

    /** {@code pod=name uid=...} or {@code pod=unknown}, for log lines. */
    public String podDescription() {
        return podName.map(name -> "pod=" + name + " uid=" + podUid.orElse("unknown")).orElse("pod=unknown");
    }
}
