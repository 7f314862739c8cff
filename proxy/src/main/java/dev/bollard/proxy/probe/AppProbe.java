package dev.bollard.proxy.probe;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One app probe as kubelet would have run it before injection moved it to the proxy: the original
 * handler from {@code ISTIO_KUBE_APP_PROBERS}, with named ports already resolved by the injector.
 */
public sealed interface AppProbe {
    /** How long the proxy waits for the app before it answers 500 (the probe's timeoutSeconds). */
    Duration timeout();

    /** @param host empty: the pod's loopback; @param https true: TLS without verification, as kubelet does */
    record Http(String path, int port, Optional<String> host, boolean https, List<Header> headers, Duration timeout)
            implements AppProbe {
        public Http {
            Objects.requireNonNull(path, "path");
            headers = List.copyOf(headers);
        }
    }

    record Tcp(int port, Optional<String> host, Duration timeout) implements AppProbe {
    }

    /** @param service empty: the server's overall health, as kubelet's gRPC probe */
    record Grpc(int port, Optional<String> service, Duration timeout) implements AppProbe {
    }

    record Header(String name, String value) {
    }
}
