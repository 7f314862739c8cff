package dev.bollard.webhook.mesh;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * The current {@link MeshState}, replaced atomically by the mesh source, and the feeds listening to
 * it. Nothing is published before the source's first complete load, so a proxy never mistakes a
 * control plane that is still listing for an empty mesh. Versions start at the wall clock in
 * milliseconds, so a restarted control plane does not repeat the versions its proxies have seen.
 */
@ApplicationScoped
public class MeshModel {
    private static final Logger LOG = Logger.getLogger(MeshModel.class);

    private final AtomicReference<MeshState> state = new AtomicReference<>();
    private final List<Consumer<MeshState>> listeners = new CopyOnWriteArrayList<>();
    private final long firstVersion = System.currentTimeMillis();

    public Optional<MeshState> current() {
        return Optional.ofNullable(state.get());
    }

    /** Publishes {@code objects} as a new version when they differ from the current content. */
    public void publish(MeshObjectsSet objects) {
        MeshState next;
        MeshState previous;
        synchronized (this) {
            previous = state.get();
            next = MeshState.of(previous == null ? firstVersion : previous.version() + 1, objects);
            if (next.sameContent(previous)) {
                return;
            }
            state.set(next);
        }
        reportFailSafePolicies(previous, next);
        LOG.debugf("mesh state %d: %d pods, %d PeerAuthentications, %d Services, %d EndpointSlices", next.version(),
                next.pods().size(), next.policies().size(), next.services().size(), next.slices().size());
        for (Consumer<MeshState> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) { // one broken feed must not keep the state from the others
                LOG.warnf(e, "a mesh feed failed to take state %d", next.version());
            }
        }
    }

    /** One line per AuthorizationPolicy that is new or changed in {@code next} and sent in its fail-safe form. */
    private static void reportFailSafePolicies(MeshState previous, MeshState next) {
        for (AuthorizationPolicySpec policy : next.authorizationPolicies()) {
            if (policy.problem().isPresent() && (previous == null || !previous.authorizationPolicies().contains(policy))) {
                LOG.warnf("AuthorizationPolicy %s cannot be read as written (%s); proxies enforce it as %s with %s", policy.ref(),
                        policy.problem().get(), policy.action(), policy.rules().isEmpty() ? "no rules" : "one rule that matches everything");
            }
        }
    }

    /** Calls {@code listener} with the current state (if any) and every later one; returns the unsubscribe action. */
    public Runnable subscribe(Consumer<MeshState> listener) {
        listeners.add(listener);
        MeshState now = state.get();
        if (now != null) {
            listener.accept(now);
        }
        return () -> listeners.remove(listener);
    }

    /** How many feeds listen (for tests: a closed stream must leave). */
    int listenerCount() {
        return listeners.size();
    }
}
