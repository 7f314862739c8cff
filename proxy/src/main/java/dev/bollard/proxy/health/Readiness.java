package dev.bollard.proxy.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.bollard.proxy.cert.Credentials;
import dev.bollard.proxy.state.MeshSnapshot;

/**
 * When the proxy may take traffic: a certificate that is valid now is installed, a first
 * configuration from the control plane was applied, and the listeners are up. Answered from
 * memory on each probe, so readiness follows the certificate's arrival at once (no polling).
 */
public final class Readiness {
    private final AtomicReference<Credentials> installed = new AtomicReference<>();
    private final AtomicReference<MeshSnapshot> mesh;
    private final Clock clock;
    private volatile boolean listening;
    private volatile boolean stopping;

    /** @param mesh the snapshot the data plane reads; {@link MeshSnapshot#EMPTY} until the first one */
    public Readiness(AtomicReference<MeshSnapshot> mesh, Clock clock) {
        this.mesh = mesh;
        this.clock = clock;
    }

    /** The certificate the data plane now serves with. */
    public void installed(Credentials credentials) {
        installed.set(credentials);
    }

    /** The certificate installed last, if any (for the metrics: expiry, this proxy's SPIFFE ID). */
    public Optional<Credentials> installed() {
        return Optional.ofNullable(installed.get());
    }

    /** Whether the data plane's listeners are bound and not stopping. */
    public boolean isListening() {
        return listening && !stopping;
    }

    /** The data plane's listeners are bound. */
    public void listening() {
        listening = true;
    }

    /** The proxy is shutting down: not ready from now on, whatever else holds. */
    public void stopping() {
        stopping = true;
    }

    /** Why the proxy is not ready, or empty when it is; the first missing step is named. */
    public Optional<String> problem() {
        if (stopping) {
            return Optional.of("shutting down");
        }
        Credentials credentials = installed.get();
        Instant now = clock.instant();
        if (credentials == null) {
            return Optional.of("no workload certificate yet");
        }
        if (!credentials.validAt(now)) {
            return Optional.of("workload certificate " + credentials.serial() + " is not valid now (valid "
                    + credentials.notBefore() + " to " + credentials.notAfter() + ")");
        }
        if (mesh.get().isEmpty()) {
            return Optional.of("no configuration from the control plane yet");
        }
        if (!listening) {
            return Optional.of("data plane listeners not started yet");
        }
        return Optional.empty();
    }
}
