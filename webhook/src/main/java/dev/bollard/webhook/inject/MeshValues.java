package dev.bollard.webhook.inject;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The defaults of {@code sidecar-template/values.yaml}: images, proxy ports and resources, mesh
 * addresses. Unknown keys fail loudly so a typo in a user's copy is not silently ignored.
 */
public record MeshValues(String revision, Images images, Proxy proxy, Mesh mesh,
                         SidecarInjectorWebhook sidecarInjectorWebhook) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final java.util.regex.Pattern LABEL_VALUE =
            java.util.regex.Pattern.compile("(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    public MeshValues {
        require(revision, "revision");
        // it is matched against istio.io/rev labels and written to the pod's istio.io/rev
        if (!LABEL_VALUE.matcher(revision).matches()) {
            throw new IllegalArgumentException("values: revision '" + revision + "' is not a label value"
                    + " (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
        }
        Objects.requireNonNull(images, "values: images is required");
        Objects.requireNonNull(proxy, "values: proxy is required");
        Objects.requireNonNull(mesh, "values: mesh is required");
        if (sidecarInjectorWebhook == null) {
            sidecarInjectorWebhook = new SidecarInjectorWebhook(null);
        }
    }

    public static MeshValues parse(String yaml) {
        try {
            return YAML.readValue(yaml, MeshValues.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("sidecar values: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("sidecar values: " + e.getMessage(), e);
        }
    }

    /** Container images; {@code pullSecrets} are Secret names added to the pod. */
    public record Images(String init, String proxy, String pullPolicy, List<String> pullSecrets) {
        public Images {
            require(init, "images.init");
            require(proxy, "images.proxy");
            require(pullPolicy, "images.pullPolicy");
            pullSecrets = pullSecrets == null ? List.of() : List.copyOf(pullSecrets);
        }
    }

    /**
     * The sidecar's identity, ports and resource defaults; {@code ipv6} also captures IPv6
     * (dual-stack or IPv6 clusters), default false.
     *
     * <p>The capture defaults are Istio's {@code global.proxy} values of the same names, each
     * narrowed per pod by its traffic annotation: {@code includeInboundPorts} ({@code *}),
     * {@code excludeInboundPorts}, {@code includeIPRanges} ({@code *}), {@code excludeIPRanges},
     * {@code includeOutboundPorts}, {@code excludeOutboundPorts} (empty). {@code nativeSidecar}
     * (default true) makes the proxy a Kubernetes native sidecar; {@code holdApplicationUntilProxyStarts}
     * (default false) starts a regular sidecar before the app.
     */
    public record Proxy(int uid, int gid, int outboundPort, int inboundPort, int agentPort, int healthPort,
                        int metricsPort, Boolean ipv6, InitContainerPosition initContainerPosition,
                        ComputeResources resources, ComputeResources initResources,
                        String includeInboundPorts, String excludeInboundPorts, String includeIPRanges,
                        String excludeIPRanges, String includeOutboundPorts, String excludeOutboundPorts,
                        Boolean nativeSidecar, Boolean holdApplicationUntilProxyStarts) {
        public Proxy {
            // absent in a values.yaml written before the keys existed: Istio's defaults
            includeInboundPorts = includeInboundPorts == null ? "*" : includeInboundPorts;
            excludeInboundPorts = excludeInboundPorts == null ? "" : excludeInboundPorts;
            includeIPRanges = includeIPRanges == null ? "*" : includeIPRanges;
            excludeIPRanges = excludeIPRanges == null ? "" : excludeIPRanges;
            includeOutboundPorts = includeOutboundPorts == null ? "" : includeOutboundPorts;
            excludeOutboundPorts = excludeOutboundPorts == null ? "" : excludeOutboundPorts;
            nativeSidecar = nativeSidecar == null ? Boolean.TRUE : nativeSidecar;
            holdApplicationUntilProxyStarts = holdApplicationUntilProxyStarts == null
                    ? Boolean.FALSE : holdApplicationUntilProxyStarts;
            for (int port : new int[] {outboundPort, inboundPort, agentPort, healthPort, metricsPort}) {
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("values: proxy port " + port + " is outside 1-65535");
                }
            }
            // absent in a values.yaml written before the key existed: IPv4 only, as before
            if (ipv6 == null) {
                ipv6 = Boolean.FALSE;
            }
            if (initContainerPosition == null) {
                initContainerPosition = InitContainerPosition.FIRST;
            }
            Objects.requireNonNull(resources, "values: proxy.resources is required");
            Objects.requireNonNull(initResources, "values: proxy.initResources is required");
        }

        /** Ports of the sidecar itself that are never captured on the way in, whatever the status port. */
        public List<Integer> ownInboundPorts() {
            return List.of(metricsPort, healthPort);
        }
    }

    /**
     * Mesh-wide settings the sidecar needs to get its certificate, and {@code defaultConfig}, the
     * proxy config every pod gets unless its {@code proxy.istio.io/config} says otherwise (Istio's
     * {@code meshConfig.defaultConfig}).
     */
    public record Mesh(String caAddress, String tokenAudience, String rootCertConfigMap, DefaultConfig defaultConfig) {
        public Mesh {
            require(caAddress, "mesh.caAddress");
            require(tokenAudience, "mesh.tokenAudience");
            require(rootCertConfigMap, "mesh.rootCertConfigMap");
            // absent in a values.yaml written before the key existed: Istio's defaults
            if (defaultConfig == null) {
                defaultConfig = new DefaultConfig(null);
            }
        }
    }

    /** @param terminationDrainDuration how long the proxy drains after SIGTERM (Go duration); default 5s */
    public record DefaultConfig(String terminationDrainDuration) {
        public DefaultConfig {
            if (terminationDrainDuration == null) {
                terminationDrainDuration = ProxyLifecycle.DEFAULT_DRAIN;
            }
            if (!ProxyLifecycle.isDuration(terminationDrainDuration)) {
                throw new IllegalArgumentException("values: mesh.defaultConfig.terminationDrainDuration '"
                        + terminationDrainDuration + "' is not a duration (e.g. 5s, 1m30s)");
            }
        }
    }

    /**
     * Istio's {@code sidecarInjectorWebhook} values. {@code rewriteAppHTTPProbe} (default true): app
     * probes move to the proxy's status port; a pod's {@code sidecar.istio.io/rewriteAppHTTPProbers}
     * annotation overrides it.
     */
    public record SidecarInjectorWebhook(Boolean rewriteAppHTTPProbe) {
        public SidecarInjectorWebhook {
            if (rewriteAppHTTPProbe == null) {
                rewriteAppHTTPProbe = Boolean.TRUE;
            }
        }
    }

    /** Requests and limits as Kubernetes quantities. */
    public record ComputeResources(Quantities requests, Quantities limits) {
        public ComputeResources {
            Objects.requireNonNull(requests, "values: resources.requests is required");
            Objects.requireNonNull(limits, "values: resources.limits is required");
        }
    }

    public record Quantities(String cpu, String memory) {
        public Quantities {
            require(cpu, "cpu");
            require(memory, "memory");
        }
    }

    /** Where istio-init goes among a pod's existing init containers. */
    public enum InitContainerPosition {
        @com.fasterxml.jackson.annotation.JsonProperty("first") FIRST,
        @com.fasterxml.jackson.annotation.JsonProperty("last") LAST
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("values: " + name + " is required");
        }
    }
}
