package dev.bollard.webhook.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

/**
 * A rolling update of a Deployment on a cluster of identical nodes, stepped the way the Deployment
 * controller and the scheduler step it: the new ReplicaSet grows while the total stays within
 * replicas + maxSurge, the old one shrinks while the available pods stay at or above
 * replicas - maxUnavailable, and a pod lands on a node only where its hard constraints (required
 * pod anti-affinity by hostname) allow. Soft constraints (preferred anti-affinity, ScheduleAnyway
 * spreads) only choose among the allowed nodes, as the scheduler's scoring does. Pods are ready as
 * soon as they are scheduled. Anything the model cannot judge fails the test instead of passing it.
 */
final class RolloutSimulation {
    /** Where the pods ended: the node of each new pod, or stuck with the reason. */
    record Outcome(boolean finished, List<Integer> newPodNodes, String reason) {
    }

    private record Pod(boolean fresh, int node) {
        Pod on(int n) {
            return new Pod(fresh, n);
        }
    }

    private final int replicas;
    private final int maxSurge;
    private final int maxUnavailable;
    private final boolean oneReplicaPerNode;
    private final int nodes;
    private final List<Pod> pods = new ArrayList<>();

    private RolloutSimulation(Deployment d, int nodes) {
        this.replicas = d.getSpec().getReplicas();
        RollingUpdateDeployment ru = d.getSpec().getStrategy().getRollingUpdate();
        this.maxSurge = absolute(ru.getMaxSurge(), replicas, true);
        this.maxUnavailable = absolute(ru.getMaxUnavailable(), replicas, false);
        this.oneReplicaPerNode = requiresOnePerNode(d);
        this.nodes = nodes;
    }

    /** Places the current revision, then rolls to a new one; stuck when a step makes no progress. */
    static Outcome rollOut(Deployment d, int nodes) {
        RolloutSimulation sim = new RolloutSimulation(d, nodes);
        for (int i = 0; i < sim.replicas; i++) {
            sim.pods.add(new Pod(false, -1));
        }
        sim.schedulePending();
        if (sim.pods.stream().anyMatch(p -> p.node() < 0)) {
            return new Outcome(false, List.of(), "first install: a replica stays Pending on " + nodes + " node(s)");
        }
        for (int step = 0; step < 100; step++) {
            if (sim.count(false) == 0 && sim.count(true) == sim.replicas && sim.available() == sim.replicas) {
                return new Outcome(true, sim.pods.stream().map(Pod::node).sorted().toList(), "");
            }
            if (!sim.step()) {
                return new Outcome(false, List.of(), "rollout stuck on " + nodes + " node(s): " + sim.pods);
            }
        }
        return new Outcome(false, List.of(), "rollout did not converge");
    }

    private boolean step() {
        if (schedulePending()) {
            return true;
        }
        if (pods.size() < replicas + maxSurge && count(true) < replicas) {
            pods.add(new Pod(true, -1));
            schedulePending();
            return true;
        }
        // the controller removes unavailable old pods first, then available ones down to the floor
        for (int i = 0; i < pods.size(); i++) {
            Pod p = pods.get(i);
            if (!p.fresh() && (p.node() < 0 || available() - 1 >= replicas - maxUnavailable)) {
                pods.remove(i);
                return true;
            }
        }
        return false;
    }

    private boolean schedulePending() {
        boolean placed = false;
        for (int i = 0; i < pods.size(); i++) {
            Pod p = pods.get(i);
            if (p.node() >= 0) {
                continue;
            }
            int node = IntStream.range(0, nodes).boxed().filter(n -> !oneReplicaPerNode || podsOn(n, null) == 0)
                    .min(Comparator.<Integer>comparingLong(n -> podsOn(n, p.fresh())).thenComparingLong(n -> podsOn(n, null)))
                    .orElse(-1);
            if (node >= 0) {
                pods.set(i, p.on(node));
                placed = true;
            }
        }
        return placed;
    }

    /** Pods on a node, of one revision ({@code fresh}) or of both ({@code null}). */
    private long podsOn(int node, Boolean fresh) {
        return pods.stream().filter(p -> p.node() == node && (fresh == null || p.fresh() == fresh)).count();
    }

    private long count(boolean fresh) {
        return pods.stream().filter(p -> p.fresh() == fresh).count();
    }

    private long available() {
        return pods.stream().filter(p -> p.node() >= 0).count();
    }

    private static boolean requiresOnePerNode(Deployment d) {
        PodSpec spec = d.getSpec().getTemplate().getSpec();
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
        for (TopologySpreadConstraint c : spec.getTopologySpreadConstraints()) {
            if (!"ScheduleAnyway".equals(c.getWhenUnsatisfiable())) {
                throw new AssertionError("the simulation does not model a hard topology spread");
            }
        }
        if (spec.getAffinity() == null || spec.getAffinity().getPodAntiAffinity() == null) {
            return false;
        }
        List<PodAffinityTerm> required = spec.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        for (PodAffinityTerm t : required) {
            if (!"kubernetes.io/hostname".equals(t.getTopologyKey()) || !Selectors.matches(t.getLabelSelector(), labels)) {
                throw new AssertionError("the simulation models only anti-affinity to its own pods by hostname");
            }
        }
        return !required.isEmpty();
    }

    /** An IntOrString of a rolling update as a pod count: surge rounds up, unavailable down. */
    private static int absolute(IntOrString v, int replicas, boolean roundUp) {
        if (v == null) {
            return (int) (roundUp ? Math.ceil(replicas * 0.25) : Math.floor(replicas * 0.25));
        }
        if (v.getStrVal() == null) {
            return v.getIntVal();
        }
        double pct = Integer.parseInt(v.getStrVal().replace("%", "")) / 100.0;
        return (int) (roundUp ? Math.ceil(replicas * pct) : Math.floor(replicas * pct));
    }
}
