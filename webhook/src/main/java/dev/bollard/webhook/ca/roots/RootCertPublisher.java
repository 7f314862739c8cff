package dev.bollard.webhook.ca.roots;

import java.util.Map;
import java.util.Objects;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Makes ConfigMap {@code istio-ca-root-cert} (key {@code root-cert.pem}) in one namespace hold the
 * current root, creating it or overwriting edited data, as istiod's namespace controller does.
 */
public final class RootCertPublisher {
    public static final String CONFIG_MAP = "istio-ca-root-cert";
    public static final String ROOT_KEY = "root-cert.pem";
    static final String INJECTION_LABEL = "istio-injection";
    static final String INJECTION_ENABLED = "enabled";
    static final String INJECTION_DISABLED = "disabled";
    static final java.util.Set<String> SYSTEM_NAMESPACES = java.util.Set.of("kube-system", "kube-public", "kube-node-lease");
    static final String ISTIO_CONFIG_LABEL = "istio.io/config";
    private static final Logger LOG = Logger.getLogger(RootCertPublisher.class);

    private final KubernetesClient client;

    RootCertPublisher(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Every namespace but Kubernetes' own and those that opted out of injection, as istiod
     * does: pods injected through the per-pod {@code sidecar.istio.io/inject=true} label live in
     * namespaces without the injection label, and their sidecar mounts this ConfigMap.
     */
    static boolean wantsRoot(Namespace namespace) {
        Map<String, String> labels = namespace.getMetadata().getLabels();
        return namespace.getMetadata().getDeletionTimestamp() == null
                && !SYSTEM_NAMESPACES.contains(namespace.getMetadata().getName())
                && (labels == null || !INJECTION_DISABLED.equals(labels.get(INJECTION_LABEL)));
    }

    /**
     * Creates or repairs the ConfigMap in {@code namespace}, given what the informer cache holds
     * for it ({@code current}, null when absent: no GET per namespace); returns true when it wrote.
     * A stale cache costs at most a 409 (update) or an AlreadyExists (create), retried on the next event.
     */
    boolean publish(String namespace, String rootPem, ConfigMap current) {
        if (current != null && Objects.equals(current.getData(), Map.of(ROOT_KEY, rootPem))) {
            return false;
        }
        ConfigMap wanted = new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(CONFIG_MAP)
                .addToLabels(ISTIO_CONFIG_LABEL, "true").endMetadata()
                .addToData(ROOT_KEY, rootPem).build();
        try {
            if (current == null) {
                client.configMaps().inNamespace(namespace).resource(wanted).create();
                LOG.infof("created ConfigMap %s/%s with the CA root", namespace, CONFIG_MAP);
            } else {
                current.setData(wanted.getData());
                client.configMaps().inNamespace(namespace).resource(current).update();
                LOG.infof("restored ConfigMap %s/%s to the current CA root", namespace, CONFIG_MAP);
            }
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                // (409 is also AlreadyExists: a create from a cache that had not seen the ConfigMap yet)
                // raced with another replica or an edit: the next event or resync checks again
                LOG.debugf("ConfigMap %s/%s changed while writing; will re-check", namespace, CONFIG_MAP);
                return false;
            }
            throw new IllegalStateException("publish CA root to ConfigMap " + namespace + "/" + CONFIG_MAP, e);
        }
    }
}
