package dev.bollard.webhook.mesh;

import java.util.Optional;

/** Who asks for a feed: the pod's name and namespace and, optionally, its IP (the contract's query parameters). */
public record FeedRequest(String pod, String namespace, Optional<String> ip) {
    // Kubernetes object names (DNS-1123 subdomain); also keeps query text out of log lines verbatim
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    /** Validates the query parameters; a {@link FeedRefusal} 400 says which one is wrong. */
    public static FeedRequest parse(String pod, String namespace, String ip) {
        if (pod == null || pod.isBlank()) {
            throw FeedRefusal.badRequest("query parameter 'pod' is required (the proxy's POD_NAME)");
        }
        if (namespace == null || namespace.isBlank()) {
            throw FeedRefusal.badRequest("query parameter 'namespace' is required (the proxy's POD_NAMESPACE)");
        }
        if (!NAME.matcher(pod).matches() || !NAME.matcher(namespace).matches()) {
            throw FeedRefusal.badRequest("query parameters 'pod' and 'namespace' must be Kubernetes names (lowercase letters, digits, '-', '.')");
        }
        if (ip != null && !ip.isEmpty() && !IpAddresses.isLiteral(ip)) {
            throw FeedRefusal.badRequest("query parameter 'ip' is not an IP address: " + ip);
        }
        return new FeedRequest(pod, namespace, Optional.ofNullable(ip).filter(s -> !s.isEmpty()).map(IpAddresses::canonical));
    }

    @Override
    public String toString() {
        return namespace + "/" + pod + ip.map(a -> " (" + a + ")").orElse("");
    }
}
