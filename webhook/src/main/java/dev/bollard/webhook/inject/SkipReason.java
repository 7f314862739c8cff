package dev.bollard.webhook.inject;

/** Why a pod was left alone: logged, counted, never a silent return. */
public enum SkipReason {
    HOST_NETWORK("pod uses host networking; capturing traffic would capture the node's"),
    MIRROR_POD("static pod mirrored by the kubelet; the API server refuses the ServiceAccount token the proxy needs"),
    IGNORED_NAMESPACE("namespace is never injected"),
    ALREADY_INJECTED("pod already has the sidecar"),
    OTHER_MESH("pod already carries another mesh's proxy"),
    OPTED_OUT("pod opted out with sidecar.istio.io/inject");

    private final String description;

    SkipReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Metric and log label, e.g. {@code host_network}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
