package dev.bollard.webhook.mesh;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.bollard.identity.TrustDomain;
import dev.bollard.webhook.ca.CaConfig;
import dev.bollard.webhook.policy.PolicyConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;

/**
 * One never-ending stream of NDJSON lines per proxy: its snapshot as soon as the mesh model is
 * loaded, again whenever a new {@link MeshState} changes what this proxy sees (other changes send
 * nothing), and a heartbeat every {@code bollard.mesh.heartbeat}. Nothing here holds a thread: the
 * snapshot is pushed from the source's thread, the heartbeat from Mutiny's timer.
 */
@ApplicationScoped
public class MeshFeed {
    private final MeshModel model;
    private final TrustDomain trustDomain;
    private final FeedViews views;
    private final Duration heartbeat;

    MeshFeed(MeshModel model, MeshConfig config, PolicyConfig policy, CaConfig ca) {
        this.model = model;
        this.trustDomain = TrustDomain.parse(ca.trustDomain());
        this.views = new FeedViews(trustDomain, new PeerAuthenticationResolver(policy.rootNamespace()));
        this.heartbeat = config.heartbeat();
    }

    public TrustDomain trustDomain() {
        return trustDomain;
    }

    /** The pod the request names, if the model knows it. */
    public Optional<MeshPod> pod(FeedRequest request) {
        return model.current().flatMap(state -> state.pod(request.namespace(), request.pod()));
    }

    /** Items are {@link FeedSnapshot} and {@link FeedLines.Heartbeat}, each one JSON line on the wire. */
    public Multi<Object> stream(FeedRequest request) {
        Multi<Object> snapshots = Multi.createFrom().emitter(emitter -> {
            Consumer<MeshState> onState = new Consumer<>() {
                private FeedSnapshot last;

                @Override
                public synchronized void accept(MeshState state) {
                    FeedSnapshot next = views.view(state, request);
                    if (!next.sameView(last)) {
                        last = next;
                        emitter.emit(next);
                    }
                }
            };
            Runnable unsubscribe = model.subscribe(onState);
            emitter.onTermination(unsubscribe);
        }, BackPressureStrategy.LATEST); // a proxy that reads slowly gets the newest snapshot, not a backlog
        Multi<Object> heartbeats = Multi.createFrom().ticks().startingAfter(heartbeat).every(heartbeat).onOverflow().drop()
                .onItem().transform(tick -> FeedLines.Heartbeat.INSTANCE);
        return Multi.createBy().merging().streams(snapshots, heartbeats);
    }
}
