package dev.bollard.webhook.mesh;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The mesh model and the proxy feed, {@code bollard.mesh.*}. The root namespace comes from
 * {@code bollard.policy.root-namespace} and the trust domain from {@code bollard.ca.trust-domain},
 * so admission, the CA and the feed cannot disagree about them.
 */
@ConfigMapping(prefix = "bollard.mesh")
public interface MeshConfig {

    /** Where the mesh model comes from. */
    enum Source {
        /** informers on Pods and PeerAuthentications (the default) */
        KUBERNETES,
        /** YAML files in {@link #dir()}, for {@code make run} */
        FILES
    }

    /** Default {@code kubernetes}; {@code files} under the dev-local profile. */
    @WithDefault("kubernetes")
    Source source();

    /** Directory of {@code *.yaml} / {@code *.yml} mesh files for the {@code files} source. Default {@code .bollard-dev/mesh}. */
    @WithDefault(".bollard-dev/mesh")
    Path dir();

    /** How often the {@code files} source looks at the directory. Default 500ms, so a change is live well within 2 s. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Informer events arriving within this window make one new state. Default 100ms. */
    @WithDefault("100ms")
    Duration debounce();

    /** Full informer resync, a safety net for missed events. Default 10m. */
    @WithDefault("10m")
    Duration resync();

    /** Interval of {@code {"type":"heartbeat"}} lines on an idle feed. Default 10s (proxies give up after 30 s of silence). */
    @WithDefault("10s")
    Duration heartbeat();
}
