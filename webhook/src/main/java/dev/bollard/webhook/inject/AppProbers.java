package dev.bollard.webhook.inject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GRPCAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;

/**
 * The value of {@code ISTIO_KUBE_APP_PROBERS}: the app probes the proxy serves, keyed by the path
 * kubelet now asks for, in Istio's JSON (pilot-agent reads the same), e.g.
 * {@code {"/app-health/web/livez":{"httpGet":{"path":"/healthz","port":8080},"timeoutSeconds":1}}}.
 * Keys sorted, fields in Istio's order, named ports resolved against the container's own ports.
 */
public final class AppProbers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppProbers() {
    }

    public static String readyPath(String container) {
        return "/app-health/" + container + "/readyz";
    }

    public static String livePath(String container) {
        return "/app-health/" + container + "/livez";
    }

    public static String startupPath(String container) {
        return "/app-health/" + container + "/startupz";
    }

    public static String preStopPath(String container) {
        return "/app-lifecycle/" + container + "/prestopz";
    }

    public static String postStartPath(String container) {
        return "/app-lifecycle/" + container + "/poststartz";
    }

    /** A probe already pointed at the status port (a pod rewritten before) is neither moved nor recorded. */
    static boolean alreadyRewritten(HTTPGetAction get, int statusPort) {
        return get != null && get.getPort() != null && Integer.valueOf(statusPort).equals(get.getPort().getIntVal())
                && get.getPath() != null && (get.getPath().startsWith("/app-health/") || get.getPath().startsWith("/app-lifecycle/"));
    }

    /** Empty when no container has a probe to move, so the env is not set to {@code {}}. */
    static Optional<String> json(List<Container> apps, int statusPort) {
        Map<String, ObjectNode> out = new TreeMap<>();
        for (Container c : apps) {
            String name = c.getName();
            put(out, readyPath(name), c.getReadinessProbe(), c, statusPort);
            put(out, livePath(name), c.getLivenessProbe(), c, statusPort);
            put(out, startupPath(name), c.getStartupProbe(), c, statusPort);
            if (c.getLifecycle() != null) {
                put(out, preStopPath(name), c.getLifecycle().getPreStop(), c, statusPort);
                put(out, postStartPath(name), c.getLifecycle().getPostStart(), c, statusPort);
            }
        }
        if (out.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode root = JSON.createObjectNode();
        out.forEach(root::set);
        try {
            return Optional.of(JSON.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialize the app probers", e);
        }
    }

    private static void put(Map<String, ObjectNode> out, String key, Probe probe, Container c, int statusPort) {
        if (probe == null || alreadyRewritten(probe.getHttpGet(), statusPort)) {
            return;
        }
        prober(probe.getHttpGet(), probe.getTcpSocket(), probe.getGrpc(), c).ifPresent(node -> {
            if (probe.getTimeoutSeconds() != null && probe.getTimeoutSeconds() != 0) {
                node.put("timeoutSeconds", probe.getTimeoutSeconds());
            }
            out.put(key, node);
        });
    }

    /** Hooks have no timeout of their own: kubelet gives them the pod's grace period. */
    private static void put(Map<String, ObjectNode> out, String key, LifecycleHandler hook, Container c, int statusPort) {
        if (hook == null || alreadyRewritten(hook.getHttpGet(), statusPort)) {
            return;
        }
        prober(hook.getHttpGet(), hook.getTcpSocket(), null, c).ifPresent(node -> out.put(key, node));
    }

    private static Optional<ObjectNode> prober(HTTPGetAction http, TCPSocketAction tcp, GRPCAction grpc, Container c) {
        ObjectNode node = JSON.createObjectNode();
        if (http != null) {
            Optional<Integer> port = resolve(http.getPort(), c);
            if (port.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode get = node.putObject("httpGet");
            putIfSet(get, "path", http.getPath());
            get.put("port", port.get());
            putIfSet(get, "host", http.getHost());
            putIfSet(get, "scheme", http.getScheme());
            if (http.getHttpHeaders() != null && !http.getHttpHeaders().isEmpty()) {
                var headers = get.putArray("httpHeaders");
                for (HTTPHeader h : http.getHttpHeaders()) {
                    headers.addObject().put("name", h.getName()).put("value", h.getValue());
                }
            }
        } else if (tcp != null) {
            Optional<Integer> port = resolve(tcp.getPort(), c);
            if (port.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode socket = node.putObject("tcpSocket");
            socket.put("port", port.get());
            putIfSet(socket, "host", tcp.getHost());
        } else if (grpc != null && grpc.getPort() != null) {
            ObjectNode g = node.putObject("grpc");
            g.put("port", grpc.getPort());
            if (grpc.getService() != null) {
                g.put("service", grpc.getService());
            }
        } else {
            return Optional.empty();
        }
        return Optional.of(node);
    }

    /** A number as it is; a name through the container's ports, as kubelet does; an unknown name is left out. */
    private static Optional<Integer> resolve(IntOrString port, Container c) {
        if (port == null) {
            return Optional.empty();
        }
        if (port.getIntVal() != null) {
            return Optional.of(port.getIntVal());
        }
        String name = port.getStrVal();
        if (name != null && name.matches("[0-9]{1,5}")) {
            return Optional.of(Integer.parseInt(name));
        }
        for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
            if (p != null && name != null && name.equals(p.getName()) && p.getContainerPort() != null) {
                return Optional.of(p.getContainerPort());
            }
        }
        return Optional.empty();
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
