package dev.bollard.webhook.kubeinject;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The kinds {@code istioctl kube-inject} injects, and where each keeps its pod: a Pod is one,
 * the controllers hold a pod template, a CronJob one level deeper in its job template.
 * Only these groups count: a {@code Deployment} of another API group is someone else's kind.
 */
public enum WorkloadKind {
    POD("Pod", "", ""),
    REPLICATION_CONTROLLER("ReplicationController", "", "/spec/template"),
    DEPLOYMENT("Deployment", "apps", "/spec/template"),
    STATEFUL_SET("StatefulSet", "apps", "/spec/template"),
    DAEMON_SET("DaemonSet", "apps", "/spec/template"),
    REPLICA_SET("ReplicaSet", "apps", "/spec/template"),
    JOB("Job", "batch", "/spec/template"),
    CRON_JOB("CronJob", "batch", "/spec/jobTemplate/spec/template"),
    /** OpenShift's, which istioctl kube-inject also injects. */
    DEPLOYMENT_CONFIG("DeploymentConfig", "apps.openshift.io", "/spec/template");

    // the old extensions/v1beta1 group held Deployments, DaemonSets and ReplicaSets, and istioctl still takes them
    private static final String EXTENSIONS = "extensions";

    private final String kind;
    private final String group;
    private final JsonPointer template;

    WorkloadKind(String kind, String group, String template) {
        this.kind = kind;
        this.group = group;
        this.template = JsonPointer.compile(template);
    }

    /** The kind of a document, empty for one that carries no pod (a Service, a ConfigMap, a CRD). */
    public static Optional<WorkloadKind> of(JsonNode document) {
        String kind = document.path("kind").asText("");
        String apiVersion = document.path("apiVersion").asText("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        for (WorkloadKind candidate : values()) {
            if (candidate.kind.equals(kind) && (candidate.group.equals(group)
                    || EXTENSIONS.equals(group) && candidate.group.equals("apps"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Where the pod (or its template: metadata and spec) sits in the document; empty for a Pod. */
    public JsonPointer template() {
        return template;
    }

    public String kind() {
        return kind;
    }
}
