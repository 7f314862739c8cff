package dev.bollard.webhook.inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * Moves the app containers' HTTP, TCP and gRPC probes and httpGet/tcpSocket lifecycle hooks to the
 * proxy's status port, as Istio's app_probe.go: kubelet's probes come from outside the pod and would
 * be refused by a STRICT mTLS inbound, so kubelet asks the proxy ({@code /app-health/<c>/livez} ...)
 * and the proxy probes the app from inside the pod. The originals travel to the proxy in
 * {@code ISTIO_KUBE_APP_PROBERS} (see {@link AppProbers}). exec probes stay as they are.
 *
 * <p>Works on the injector's lists of the pod spec, after the sidecar was merged in; an app
 * container it changes is copied first (its fields, see {@link ShallowCopy}), so the pod as sent
 * stays as it was.
 */
public final class AppProbeRewrite {
    /** Istio's per-pod switch; only {@code true}/{@code false} (Go ParseBool spellings) count. */
    public static final String REWRITE_ANNOTATION = "sidecar.istio.io/rewriteAppHTTPProbers";
    public static final String PROBERS_ENV = "ISTIO_KUBE_APP_PROBERS";

    private AppProbeRewrite() {
    }

    /** The annotation when it parses as a boolean, else the values' {@code rewriteAppHTTPProbe}. */
    public static boolean enabled(Map<String, String> annotations, boolean valuesDefault) {
        String value = annotations == null ? null : annotations.get(REWRITE_ANNOTATION);
        if (value == null) {
            return valuesDefault;
        }
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> valuesDefault;
        };
    }

    /**
     * Records the originals in the proxy's env and points the probes at {@code statusPort}. A pod
     * without the proxy container, or without a probe to move, is left as it is.
     */
    public static void apply(PodSpec spec, int statusPort) {
        Container proxy = proxyContainer(spec);
        if (proxy == null) {
            return;
        }
        List<Container> apps = appContainers(spec);
        AppProbers.json(apps, statusPort).ifPresent(json -> {
            List<EnvVar> env = proxy.getEnv() == null ? new ArrayList<>() : new ArrayList<>(proxy.getEnv());
            env.removeIf(e -> PROBERS_ENV.equals(e.getName()));
            env.add(new EnvVar(PROBERS_ENV, json, null));
            proxy.setEnv(env);
        });
        spec.setInitContainers(rewritten(spec.getInitContainers(), statusPort));
        spec.setContainers(rewritten(spec.getContainers(), statusPort));
    }

    /** The list with each app container that has something to move replaced by a moved copy: the pod's own stay as sent. */
    private static List<Container> rewritten(List<Container> containers, int statusPort) {
        if (containers == null) {
            return null;
        }
        List<Container> result = new ArrayList<>(containers.size());
        for (Container c : containers) {
            if (c != null && !MeshAnnotations.PROXY_CONTAINER.equals(c.getName()) && moves(c, statusPort)) {
                // the probes and hooks rewrite sets are new objects; the hooks' holder is changed, so copied too
                Container copy = ShallowCopy.of(c);
                copy.setLifecycle(ShallowCopy.of(c.getLifecycle()));
                rewrite(copy, statusPort);
                result.add(copy);
            } else {
                result.add(c);
            }
        }
        return result;
    }

    private static boolean moves(Container c, int statusPort) {
        Lifecycle hooks = c.getLifecycle();
        return moves(c.getReadinessProbe(), statusPort) || moves(c.getLivenessProbe(), statusPort)
                || moves(c.getStartupProbe(), statusPort)
                || hooks != null && (moves(hooks.getPreStop(), statusPort) || moves(hooks.getPostStart(), statusPort));
    }

    /** What {@link #replace(Probe, String, int, Consumer)} would change. */
    private static boolean moves(Probe probe, int statusPort) {
        return probe != null && !AppProbers.alreadyRewritten(probe.getHttpGet(), statusPort)
                && (probe.getHttpGet() != null || probe.getTcpSocket() != null || probe.getGrpc() != null);
    }

    private static boolean moves(LifecycleHandler hook, int statusPort) {
        return hook != null && !AppProbers.alreadyRewritten(hook.getHttpGet(), statusPort)
                && (hook.getHttpGet() != null || hook.getTcpSocket() != null);
    }

    private static void rewrite(Container c, int statusPort) {
        String name = c.getName();
        replace(c.getReadinessProbe(), AppProbers.readyPath(name), statusPort, c::setReadinessProbe);
        replace(c.getLivenessProbe(), AppProbers.livePath(name), statusPort, c::setLivenessProbe);
        replace(c.getStartupProbe(), AppProbers.startupPath(name), statusPort, c::setStartupProbe);
        if (c.getLifecycle() != null) {
            replace(c.getLifecycle().getPreStop(), AppProbers.preStopPath(name), statusPort, c.getLifecycle()::setPreStop);
            replace(c.getLifecycle().getPostStart(), AppProbers.postStartPath(name), statusPort,
                    c.getLifecycle()::setPostStart);
        }
    }

    private static void replace(Probe probe, String path, int statusPort, Consumer<Probe> set) {
        if (probe == null || AppProbers.alreadyRewritten(probe.getHttpGet(), statusPort)) {
            return;
        }
        // the probe and its action are copies (ShallowCopy: their fields set, nothing shared changed),
        // not builder copies of the whole probe: those were a tenth of an admission's allocation
        if (probe.getHttpGet() != null) {
            Probe moved = ShallowCopy.of(probe);
            moved.setHttpGet(toStatusPort(ShallowCopy.of(probe.getHttpGet()), path, statusPort));
            set.accept(moved);
        } else if (probe.getTcpSocket() != null || probe.getGrpc() != null) {
            // Istio turns both into an httpGet on the status port; the proxy dials TCP or asks gRPC health
            Probe moved = ShallowCopy.of(probe);
            moved.setTcpSocket(null);
            moved.setGrpc(null);
            moved.setHttpGet(toStatusPort(new HTTPGetAction(), path, statusPort));
            set.accept(moved);
        }
    }

    private static void replace(LifecycleHandler hook, String path, int statusPort, Consumer<LifecycleHandler> set) {
        if (hook == null || AppProbers.alreadyRewritten(hook.getHttpGet(), statusPort)) {
            return;
        }
        if (hook.getHttpGet() != null) {
            LifecycleHandler moved = ShallowCopy.of(hook);
            moved.setHttpGet(toStatusPort(ShallowCopy.of(hook.getHttpGet()), path, statusPort));
            set.accept(moved);
        } else if (hook.getTcpSocket() != null) {
            LifecycleHandler moved = ShallowCopy.of(hook);
            moved.setTcpSocket(null);
            moved.setHttpGet(toStatusPort(new HTTPGetAction(), path, statusPort));
            set.accept(moved);
        }
    }

    /**
     * Points {@code action} (a copy of the original, or a new one for a TCP or gRPC probe) at the
     * status port. Host and headers stay, as in Istio; HTTPS becomes HTTP because the proxy
     * answers in plain text.
     */
    private static HTTPGetAction toStatusPort(HTTPGetAction action, String path, int statusPort) {
        action.setPath(path);
        action.setPort(new IntOrString(statusPort));
        if ("HTTPS".equals(action.getScheme())) {
            action.setScheme("HTTP");
        }
        return action;
    }

    private static Container proxyContainer(PodSpec spec) {
        for (List<Container> list : List.of(nullSafe(spec.getContainers()), nullSafe(spec.getInitContainers()))) {
            for (Container c : list) {
                if (c != null && MeshAnnotations.PROXY_CONTAINER.equals(c.getName())) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Init containers first, as Istio lists them; native-sidecar app init containers may have probes. */
    private static List<Container> appContainers(PodSpec spec) {
        List<Container> apps = new ArrayList<>();
        for (Container c : nullSafe(spec.getInitContainers())) {
            if (c != null && !MeshAnnotations.PROXY_CONTAINER.equals(c.getName())) {
                apps.add(c);
            }
        }
        for (Container c : nullSafe(spec.getContainers())) {
            if (c != null && !MeshAnnotations.PROXY_CONTAINER.equals(c.getName())) {
                apps.add(c);
            }
        }
        return apps;
    }

    private static List<Container> nullSafe(List<Container> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}
