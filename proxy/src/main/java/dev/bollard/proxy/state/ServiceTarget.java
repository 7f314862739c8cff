package dev.bollard.proxy.state;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One port of a Kubernetes Service as the control plane resolved it: the ready endpoints
 * (pod IP and target port) behind a ClusterIP:port. In a pod's network namespace there is no
 * kube-proxy, so the outbound proxy picks one of these itself and originates mTLS to it.
 *
 * @param name      {@code namespace/name} of the Service, for log lines
 * @param endpoints never empty: a port without ready endpoints is not listed (traffic passes through)
 */
public record ServiceTarget(String name, List<InetSocketAddress> endpoints) {
    public ServiceTarget {
        Objects.requireNonNull(name, "name");
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("service " + name + ": at least one endpoint is required");
        }
    }
}
