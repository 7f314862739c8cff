package dev.bollard.webhook.mesh;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels Istio's standard metrics give a workload, as a pure function of its pod.
 * <p>
 * The workload name follows istiod's {@code GetDeployMetaFromPod} (the name the injector gives a
 * sidecar): only a pod whose name was generated ({@code metadata.generateName}) is looked up
 * through its controller ({@code ownerReferences[].controller: true}); a ReplicaSet whose name ends
 * in the pod's {@code pod-template-hash} is its Deployment, a Job named {@code <name>-<8 to 10
 * digits>} is its CronJob, any other controller (StatefulSet, DaemonSet, ReplicationController,
 * Job, ...) names the workload itself; otherwise the pod's own name. The canonical service and
 * revision follow istiod's {@code labels.CanonicalService}. A label with an empty value counts as
 * absent: the proxy refuses empty metric labels.
 */
public final class TelemetryLabels {
    public static final String CANONICAL_NAME_LABEL = "service.istio.io/canonical-name";
    public static final String CANONICAL_REVISION_LABEL = "service.istio.io/canonical-revision";
    public static final String APP_NAME_LABEL = "app.kubernetes.io/name";
    public static final String APP_VERSION_LABEL = "app.kubernetes.io/version";
    public static final String APP_LABEL = "app";
    public static final String VERSION_LABEL = "version";
    public static final String POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
    static final String LATEST = "latest";
    // the CronJob controller names its Jobs <cronjob>-<scheduled time in minutes>
    private static final Pattern CRON_JOB = Pattern.compile("(.+)-\\d{8,10}");

    private TelemetryLabels() {
    }

    public static FeedSnapshot.Telemetry of(MeshPod pod) {
        Map<String, String> labels = pod.labels();
        String workload = workloadName(pod);
        return new FeedSnapshot.Telemetry(workload,
                first(labels, CANONICAL_NAME_LABEL, APP_NAME_LABEL, APP_LABEL).orElse(workload),
                first(labels, CANONICAL_REVISION_LABEL, APP_VERSION_LABEL, VERSION_LABEL).orElse(LATEST),
                first(labels, APP_LABEL).orElse(null), first(labels, VERSION_LABEL).orElse(null));
    }

    static String workloadName(MeshPod pod) {
        if (pod.generateName().isEmpty()) {
            return pod.name();
        }
        Optional<PodOwner> controller = pod.owners().stream().filter(PodOwner::controller).findFirst();
        if (controller.isEmpty()) {
            return pod.name();
        }
        PodOwner owner = controller.get();
        String hash = pod.labels().getOrDefault(POD_TEMPLATE_HASH_LABEL, "");
        if (owner.kind().equals("ReplicaSet") && !hash.isEmpty() && owner.name().endsWith(hash)) {
            String deployment = trimSuffix(owner.name(), "-" + hash);
            return deployment.isEmpty() ? pod.name() : deployment;
        }
        if (owner.kind().equals("Job")) {
            Matcher cron = CRON_JOB.matcher(owner.name());
            if (cron.matches()) {
                return cron.group(1);
            }
        }
        return owner.name().isEmpty() ? pod.name() : owner.name();
    }

    /** Go's strings.TrimSuffix: a ReplicaSet whose name ends in the hash without the dash keeps its name. */
    private static String trimSuffix(String name, String suffix) {
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }

    private static Optional<String> first(Map<String, String> labels, String... keys) {
        return List.of(keys).stream().map(labels::get).filter(v -> v != null && !v.isEmpty()).findFirst();
    }
}
