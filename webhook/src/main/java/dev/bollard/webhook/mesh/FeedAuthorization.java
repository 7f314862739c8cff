package dev.bollard.webhook.mesh;

import java.util.Optional;

import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;

/**
 * May this identity read the feed of that pod? Only as {@code spiffe://<our td>/ns/<namespace>/sa/<sa>}
 * of the namespace it asks about, and, once the pod is known, only as the pod's own ServiceAccount:
 * a proxy learns its own PeerAuthentication and nobody else's workload. Pure; a no is a 403.
 */
public final class FeedAuthorization {
    private FeedAuthorization() {
    }

    public static void check(SpiffeId caller, TrustDomain trustDomain, FeedRequest request, Optional<MeshPod> pod) {
        if (!caller.trustDomain().equals(trustDomain)) {
            throw FeedRefusal.forbidden("identity " + caller + " is not in trust domain " + trustDomain.name());
        }
        String[] path = caller.path().split("/", -1);
        if (path.length != 5 || !path[1].equals("ns") || !path[3].equals("sa")) {
            throw FeedRefusal.forbidden("identity " + caller + " is not a workload identity /ns/<namespace>/sa/<serviceaccount>");
        }
        if (!path[2].equals(request.namespace())) {
            throw FeedRefusal.forbidden("identity " + caller + " may not read the feed of namespace " + request.namespace());
        }
        if (pod.isPresent() && !pod.get().serviceAccount().equals(path[4])) {
            throw FeedRefusal.forbidden("identity " + caller + " is not pod " + pod.get().ref()
                    + ", which runs as service account " + pod.get().serviceAccount());
        }
    }
}
