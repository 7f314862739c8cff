package dev.bollard.webhook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/** Two replicas against the fabric8 mock API server (CRUD mode) electing on one Lease. */
@EnableKubernetesMockClient(crud = true)
@Tag("slow") // waits out real leases (2 s each); `make test` runs it, `make check` does not
class LeadershipTest {
    static final String NS = "bollard-system";
    /** Short, so a takeover fits a test: 2 s lease, renew within 1.5 s, try every 250 ms. */
    static final Leadership.Timings FAST = new Leadership.Timings(Duration.ofSeconds(2), Duration.ofMillis(1500),
            Duration.ofMillis(250));
    private static final Duration WAIT = Duration.ofSeconds(30);

    KubernetesClient client;
    private final List<Leadership> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Leadership::stop);
    }

    @Test
    void exactlyOneReplicaLeadsAndHoldsTheLease() {
        Leadership a = start("bollard-a");
        Leadership b = start("bollard-b");
        await(() -> a.isLeader() || b.isLeader(), "someone leads");
        sleep(Duration.ofSeconds(3)); // longer than a lease: the leader renews, the other keeps waiting
        assertTrue(a.isLeader() ^ b.isLeader(), "exactly one leader: a=" + a.isLeader() + " b=" + b.isLeader());
        Leadership leader = a.isLeader() ? a : b;
        assertEquals(leader.identity(), lease().getSpec().getHolderIdentity());
    }

    @Test
    void theOtherReplicaTakesOverWhenTheLeaderStops() {
        Leadership a = start("bollard-a");
        await(a::isLeader, "a leads alone");
        Leadership b = start("bollard-b");
        AtomicInteger gained = new AtomicInteger();
        b.whenLeading(gained::incrementAndGet);
        sleep(Duration.ofSeconds(1));
        assertFalse(b.isLeader());
        a.stop();
        await(b::isLeader, "b takes over");
        await(() -> gained.get() > 0, "b catches up when it takes over");
        assertEquals(1, gained.get(), "once");
        assertEquals("bollard-b", lease().getSpec().getHolderIdentity());
        assertFalse(a.isLeader());
    }

    @Test
    void aLeaseThatIsNotRenewedLapsesAndIsTakenOver() {
        holdLease("crashed-replica", Duration.ofSeconds(3));
        Leadership b = start("bollard-b");
        sleep(Duration.ofMillis(1500));
        assertFalse(b.isLeader(), "the crashed replica's lease has not lapsed yet");
        await(b::isLeader, "b takes the lapsed lease");
        assertNotEquals("crashed-replica", lease().getSpec().getHolderIdentity());
    }

    @Test
    void withoutElectionTheProcessAlwaysLeads() {
        AtomicInteger gained = new AtomicInteger();
        Leadership alone = Leadership.always();
        alone.whenLeading(gained::incrementAndGet);
        assertTrue(alone.isLeader());
        assertEquals(1, gained.get());
    }

    /** A Lease just renewed by a replica that then stopped (crashed): it lapses after {@code duration}. */
    void holdLease(String holder, Duration duration) {
        ZonedDateTime now = ZonedDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        client.resource(new LeaseBuilder().withNewMetadata().withNamespace(NS).withName(Leadership.LEASE).endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds((int) duration.toSeconds())
                .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec().build()).create();
    }

    private Leadership start(String identity) {
        Leadership l = Leadership.elected(client, NS, identity, FAST);
        started.add(l);
        l.start();
        return l;
    }

    private Lease lease() {
        return client.leases().inNamespace(NS).withName(Leadership.LEASE).get();
    }

    static void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
