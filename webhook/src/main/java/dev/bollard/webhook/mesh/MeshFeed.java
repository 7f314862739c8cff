package dev.bollard.webhook.mesh;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.bollard.identity.SpiffeId;
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
    private static final Object END = new Object();
    private static final Logger LOG = Logger.getLogger(MeshFeed.class);

    MeshFeed(MeshModel model, MeshConfig config, PolicyConfig policy, CaConfig ca) {
        this.model = model;
        this.trustDomain = TrustDomain.parse(ca.trustDomain());
        this.views = new FeedViews(trustDomain, policy.rootNamespace());
        this.heartbeat = config.heartbeat();
    }

    public TrustDomain trustDomain() {
        return trustDomain;
    }

    /** The pod the request names, if the model knows it. */
    public Optional<MeshPod> pod(FeedRequest request) {
        return model.current().flatMap(state -> state.pod(request.namespace(), request.pod()));
    }

    /**
     * Items are {@link FeedSnapshot} and {@link FeedLines.Heartbeat}, each one JSON line on the wire.
     * {@code caller} is checked again against every new state ({@link FeedAuthorization}): a pod that
     * was unknown when the stream opened and turns out to run as another ServiceAccount ends the
     * stream before its view is sent, and the reconnect is a 403.
     * <p>
     * A reader that does not keep up holds at most two snapshots here (one in flight, the newest
     * pending); states in between are dropped, since each snapshot is complete.
     */
    public Multi<Object> stream(FeedRequest request, SpiffeId caller) {
        Multi<Object> snapshots = Multi.createFrom().emitter(emitter -> {
            Consumer<MeshState> onState = new Consumer<>() {
                private FeedSnapshot last;
                private boolean ended;

                @Override
                public synchronized void accept(MeshState state) {
                    if (ended) {
                        return;
                    }
                    try {
                        FeedAuthorization.check(caller, trustDomain, request, state.pod(request.namespace(), request.pod()));
                    } catch (FeedRefusal e) {
                        ended = true;
                        LOG.infof("mesh feed for %s ended: %s", request, e.getMessage());
                        emitter.emit(END);
                        return;
                    }
                    FeedSnapshot next = views.view(state, request);
                    if (!next.sameView(last)) {
                        last = next;
                        emitter.emit(next);
                    }
                }
            };
            // registered before subscribing, so a stream that ends during its first state cannot leak its listener
            AtomicReference<Runnable> unsubscribe = new AtomicReference<>();
            AtomicBoolean terminated = new AtomicBoolean();
            emitter.onTermination(() -> {
                terminated.set(true);
                Runnable action = unsubscribe.get();
                if (action != null) {
                    action.run();
                }
            });
            Runnable action = model.subscribe(onState);
            unsubscribe.set(action);
            if (terminated.get()) {
                action.run();
            }
        }, BackPressureStrategy.LATEST); // a proxy that reads slowly gets the newest snapshot, not a backlog
        Multi<Object> heartbeats = Multi.createFrom().ticks().startingAfter(heartbeat).every(heartbeat).onOverflow().drop()
                .onItem().transform(tick -> FeedLines.Heartbeat.INSTANCE);
        // one item requested from each side at a time: the merge's default prefetch (128) would queue
        // that many snapshots for a stalled reader, bypassing LATEST
        return Multi.createBy().merging().withRequests(1).streams(snapshots, heartbeats)
                .select().first(item -> item != END);
    }
}
