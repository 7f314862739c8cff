package dev.bollard.webhook.ops;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import dev.bollard.webhook.upkeep.CaBundlePatch;

/** Operations: the serving certificate, the caBundle patcher and the names manifests/ installs. */
@ConfigMapping(prefix = "bollard.ops")
public interface OpsConfig {
    /** The Service in front of the webhook (manifests/service.yaml). */
    String SERVICE_NAME = "bollard";
    /** manifests/mutating-webhook.yaml */
    String INJECTOR_CONFIGURATION = "bollard-sidecar-injector";
    /** manifests/validating-webhook.yaml */
    String VALIDATOR_CONFIGURATION = "bollard-policy-validator";
    /** The optional user-provided serving Secret the Deployment mounts. */
    String SERVING_SECRET = "bollard-serving-cert";
    /** The TLS registry configuration the HTTPS listener uses (quarkus.http.tls-configuration-name). */
    String TLS_CONFIGURATION = "bollard-serving";

    /** The namespace the webhook runs in; the Deployment sets POD_NAMESPACE. Default {@code bollard-system}. */
    @WithDefault("bollard-system")
    String namespace();

    Serving serving();

    /**
     * Elect one replica (Lease {@code bollard-controllers}) to write cluster state: root ConfigMaps
     * and caBundle. Default on; off where there is no cluster (make run, tests).
     */
    @WithDefault("true")
    boolean leaderElection();

    @WithName("ca-bundle")
    CaBundlePatch caBundle();

    interface Serving {
        /** User-provided certificate chain (PEM); when it and the key exist they win over self-issuing. */
        String certFile();

        String keyFile();

        /** Self-issued serving certificate lifetime. Default 24h; renewed after two thirds of it. */
        @WithDefault("24h")
        Duration ttl();

        /** Cluster DNS suffix for the Service names in the SANs. Default {@code cluster.local}. */
        @WithDefault("cluster.local")
        String clusterDomain();

        /** Extra DNS SANs besides the Service names. */
        Optional<List<String>> extraDnsNames();

        /** How often to look for renewed files, a rotated CA or a certificate nearing expiry. Default 30s. */
        @WithDefault("30s")
        Duration checkInterval();
    }

    interface CaBundlePatch {
        /** Off where there is no cluster (make run). Default on. */
        @WithDefault("true")
        boolean enabled();

        /** How often to compare the CA root with what was last written. Default 5s. */
        @WithDefault("5s")
        Duration checkInterval();

        /** Full re-list of the watched configurations, a safety net for missed events. Default 10m. */
        @WithDefault("10m")
        Duration resync();
    }
}
