package dev.bollard.webhook.ops;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Which replica writes cluster state. The controllers that write (root ConfigMap distribution,
 * caBundle patching) run their informers on every replica, so a new leader starts from a warm
 * cache, but write only while {@link #isLeader()}; two replicas patching the same objects would
 * fight over resourceVersions and double the API traffic. The leader holds Lease
 * {@value #LEASE} in the webhook's namespace (fabric8 LeaderElector, as client-go's leaderelection):
 * it renews it every retry period; when it stops renewing (crash, partition, shutdown releases
 * it), another replica takes it once the lease duration has passed. Admission and the CA need no
 * leader: every replica serves them. Off (always the leader) where there is no cluster.
 */
@ApplicationScoped
public class Leadership {
    /** The Lease the controllers' leader holds (manifests/rbac.yaml grants get/update on it). */
    public static final String LEASE = "bollard-controllers";
    private static final Logger LOG = Logger.getLogger(Leadership.class);

    /** client-go's defaults: 15 s lease, 10 s to renew, a try every 2 s. */
    public record Timings(Duration lease, Duration renewDeadline, Duration retry) {
        static final Timings DEFAULT = new Timings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String identity;
    private final Timings timings;
    private final AtomicBoolean leading;
    private final List<Runnable> onLeading = new CopyOnWriteArrayList<>();
    private CompletableFuture<?> election;
    private boolean stopped;

    @Inject
    Leadership(KubernetesClient client, OpsConfig config) {
        this(config.leaderElection() ? client : null, config.namespace(), podIdentity(), Timings.DEFAULT);
    }

    /** {@code client} null: no election, this process is always the leader. */
    Leadership(KubernetesClient client, String namespace, String identity, Timings timings) {
        this.client = client;
        this.namespace = namespace;
        this.identity = identity;
        this.timings = timings;
        this.leading = new AtomicBoolean(client == null);
    }

    /** A single process with nothing to share the cluster with: tests and make run. */
    public static Leadership always() {
        return new Leadership(null, "", "local", Timings.DEFAULT);
    }

    public static Leadership elected(KubernetesClient client, String namespace, String identity, Timings timings) {
        return new Leadership(client, namespace, identity, timings);
    }

    public boolean isLeader() {
        return leading.get();
    }

    public String identity() {
        return identity;
    }

    /** Runs {@code action} each time this replica becomes the leader, and now if it already is. */
    public void whenLeading(Runnable action) {
        onLeading.add(action);
        if (isLeader()) {
            action.run();
        }
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (client == null || election != null) {
            return;
        }
        stopped = false;
        campaign();
    }

    /** Cancels the election; a leader releases the Lease so the next one need not wait it out. */
    public synchronized void stop() {
        stopped = true;
        if (election != null) {
            election.cancel(true);
            election = null;
        }
        lost();
    }

    private synchronized void campaign() {
        if (stopped || (election != null && !election.isDone())) {
            return; // stopped, or a restart already stands
        }
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(LEASE)
                .withLock(new LeaseLock(namespace, LEASE, identity))
                .withLeaseDuration(timings.lease())
                .withRenewDeadline(timings.renewDeadline())
                .withRetryPeriod(timings.retry())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::gained, this::lost,
                        leader -> LOG.infof("controllers' leader is now %s (Lease %s/%s)", leader, namespace, LEASE)))
                .build()).build().start();
        // a leader that failed to renew, or an election that failed, stands again after a retry period
        election.whenComplete((ignored, failure) -> {
            lost();
            CompletableFuture.delayedExecutor(timings.retry().toMillis(), TimeUnit.MILLISECONDS).execute(this::campaign);
        });
    }

    private void gained() {
        if (leading.compareAndSet(false, true)) {
            LOG.infof("%s leads the controllers (Lease %s/%s)", identity, namespace, LEASE);
            // off the elector's thread: catching up may write to many namespaces, and renewing
            // the lease must not wait for it
            for (Runnable action : onLeading) {
                CompletableFuture.runAsync(action).exceptionally(e -> {
                    LOG.warnf("catching up as the new leader: %s", e.getMessage());
                    return null;
                });
            }
        }
    }

    private void lost() {
        if (client != null && leading.compareAndSet(true, false)) {
            LOG.infof("%s no longer leads the controllers", identity);
        }
    }

    /** The pod name (the kubelet sets HOSTNAME to it), unique among replicas; a random one outside a pod. */
    private static String podIdentity() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "bollard-" + UUID.randomUUID() : host;
    }
}
