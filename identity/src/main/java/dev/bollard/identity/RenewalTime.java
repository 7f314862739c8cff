package dev.bollard.identity;

import java.time.Duration;
import java.time.Instant;

/**
 * The one renewal-time rule of the mesh: a certificate is due {@code fraction} of the way from the
 * start of its lifetime to its notAfter, as cert-manager's RenewalTime computes it from notBefore
 * and notAfter. Each holder keeps its own fraction because they trade differently: the sidecar
 * agent renews its short-lived workload certificate at 0.8 (Istio's agent renews at about half,
 * with jitter), the webhook its serving certificate at two thirds (cert-manager's default).
 * Pure: the caller passes the instants.
 *
 * @param fraction point of the lifetime at which to renew, strictly between 0 and 1
 */
public record RenewalTime(double fraction) {

    public RenewalTime {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("renewal fraction must be between 0 and 1, got " + fraction);
        }
    }

    /**
     * When a certificate valid from {@code notBefore} to {@code notAfter}, received at
     * {@code receivedAt}, is due. The start is the later of notBefore and receivedAt: CAs back-date
     * notBefore a few minutes for clock skew, and counting those minutes as lifetime would make a
     * 20-second certificate due before it arrived and renew it in a tight loop. An already expired
     * certificate is due at once ({@code receivedAt}).
     */
    public Instant at(Instant notBefore, Instant notAfter, Instant receivedAt) {
        Instant start = notBefore.isAfter(receivedAt) ? notBefore : receivedAt;
        if (!notAfter.isAfter(start)) {
            return receivedAt;
        }
        Duration lifetime = Duration.between(start, notAfter);
        // whole seconds past about 292 years, where nanoseconds overflow a long (a 9999-12-31 notAfter)
        if (lifetime.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
            return start.plusSeconds((long) (lifetime.getSeconds() * fraction));
        }
        return start.plusNanos((long) (lifetime.toNanos() * fraction));
    }
}
