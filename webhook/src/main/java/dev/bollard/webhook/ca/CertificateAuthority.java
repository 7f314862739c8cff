package dev.bollard.webhook.ca;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


import dev.bollard.identity.Keys;
import dev.bollard.identity.Pem;
import dev.bollard.identity.SpiffeId;

/**
 * Signs certificates with the CA its {@link CaSource} hands out. Lifetimes: {@code validity} when
 * given (between the configured minimum and maximum), else the default (24 h); NotBefore is back-dated
 * {@value #BACKDATE_MINUTES} minutes for clock skew; NotAfter never passes the CA chain's own.
 */
@ApplicationScoped
public class CertificateAuthority {
    static final long BACKDATE_MINUTES = 5;
    private static final Duration BACKDATE = Duration.ofMinutes(BACKDATE_MINUTES);

    private final Supplier<CaBundle> bundle;
    private final CryptoProvider crypto;
    private final Clock clock;
    /** The last CA seen, prepared for signing; replaced when the store hands out another. */
    private volatile SigningCa signing;
    /** The shortest lifetime when none is configured: {@code bollard.ca.min-ttl}'s default. */
    static final Duration DEFAULT_MIN_TTL = Duration.ofSeconds(10);

    private final Duration minTtl;
    private final Duration defaultTtl;
    private final Duration maxTtl;

    @Inject
    CertificateAuthority(CaSource store, CaConfig config, CryptoProvider crypto) {
        this(store::current, crypto, Clock.systemUTC(), config.minTtl(), config.defaultTtl(), config.maxTtl());
    }

    /** Signs with {@link CryptoProvider#chosen()}. */
    public CertificateAuthority(Supplier<CaBundle> bundle, Clock clock, Duration defaultTtl, Duration maxTtl) {
        this(bundle, CryptoProvider.chosen(), clock, DEFAULT_MIN_TTL, defaultTtl, maxTtl);
    }

    public CertificateAuthority(Supplier<CaBundle> bundle, CryptoProvider crypto, Clock clock, Duration defaultTtl, Duration maxTtl) {
        this(bundle, crypto, clock, DEFAULT_MIN_TTL, defaultTtl, maxTtl);
    }

    public CertificateAuthority(Supplier<CaBundle> bundle, CryptoProvider crypto, Clock clock, Duration minTtl, Duration defaultTtl,
            Duration maxTtl) {
        if (defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("CA default TTL " + defaultTtl + " exceeds the maximum TTL " + maxTtl);
        }
        if (minTtl.isNegative() || minTtl.compareTo(defaultTtl) > 0) {
            throw new IllegalArgumentException("CA minimum TTL " + minTtl + " must be between 0 and the default TTL " + defaultTtl);
        }
        this.bundle = bundle;
        this.crypto = crypto;
        this.clock = clock;
        this.minTtl = minTtl;
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
    }

    /** The lifetime for a requested validity in seconds: null or 0 means the default (proto3's unset). */
    public Duration ttlFor(Long validitySeconds) {
        if (validitySeconds == null || validitySeconds == 0) {
            return defaultTtl;
        }
        if (validitySeconds < 0) {
            throw new CaRefusedException(Refusal.INVALID_VALIDITY, "requested validity " + validitySeconds + "s must be positive");
        }
        if (validitySeconds < minTtl.toSeconds()) {
            throw new CaRefusedException(Refusal.INVALID_VALIDITY, "requested validity " + validitySeconds
                    + "s is below the minimum of " + minTtl.toSeconds() + "s");
        }
        if (validitySeconds > maxTtl.toSeconds()) {
            throw new CaRefusedException(Refusal.INVALID_VALIDITY, "requested validity " + validitySeconds
                    + "s exceeds the maximum of " + maxTtl.toSeconds() + "s");
        }
        return Duration.ofSeconds(validitySeconds);
    }

    /** Workload certificate for {@code id} over {@code key}; the caller has checked the CSR (see {@link CsrPolicy}). */
    public IssuedCertificate sign(PublicKey key, SpiffeId id, Duration ttl) {
        SigningCa ca = signing();
        Window window = window(ca, ttl);
        X509Templates.Signed leaf = X509Templates.signedLeaf(id, key, ca, window.notBefore(), window.notAfter());
        return new IssuedCertificate(leaf.certificate(), leaf.pem(), window.notAfter(), ca);
    }

    /** The provider that signs here and that CSRs are verified with. */
    public CryptoProvider crypto() {
        return crypto;
    }

    /** A serving certificate for {@code dnsNames} with a fresh P-256 key, for the webhook's own listeners. */
    public ServingCertificate issueServing(List<String> dnsNames, Duration ttl) {
        SigningCa ca = signing();
        KeyPair key = Keys.newP256();
        Window window = window(ca, ttl);
        X509Templates.Signed leaf = X509Templates.signedServing(X509Templates.EMPTY, dnsNames, List.of(), key.getPublic(), ca,
                window.notBefore(), window.notAfter());
        IssuedCertificate issued = new IssuedCertificate(leaf.certificate(), leaf.pem(), window.notAfter(), ca);
        return new ServingCertificate(Pem.encode(key.getPrivate()), String.join("", issued.chainPems()),
                issued.rootPem(), issued.notAfter());
    }

    public String rootPem() {
        return signing().rootPem();
    }

    /** When the signing chain stops being valid: the earliest NotAfter on it. */
    public Instant expiry() {
        return bundle.get().notAfter();
    }

    private SigningCa signing() {
        CaBundle current = bundle.get();
        SigningCa prepared = signing;
        if (prepared == null || prepared.bundle() != current) {
            // a race here prepares the same CA twice, which is harmless
            prepared = SigningCa.of(current, crypto);
            signing = prepared;
        }
        return prepared;
    }

    private Window window(SigningCa ca, Duration ttl) {
        // whole seconds, as X.509 encodes them: the window is then exactly what the leaf says
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant caEnd = ca.notAfter();
        if (!caEnd.isAfter(now)) {
            throw new CaRefusedException(Refusal.UNAVAILABLE, "the CA certificate expired at " + caEnd);
        }
        Instant wanted = now.plus(ttl);
        Instant notAfter = wanted.isAfter(caEnd) ? caEnd : wanted;
        if (Duration.between(now, notAfter).compareTo(minTtl) < 0) {
            // a CA about to expire would hand out certificates that expire before they are used
            throw new CaRefusedException(Refusal.UNAVAILABLE, "the CA certificate expires at " + caEnd
                    + ", sooner than the minimum certificate lifetime of " + minTtl.toSeconds() + "s");
        }
        return new Window(now.minus(BACKDATE), notAfter);
    }

    private record Window(Instant notBefore, Instant notAfter) {
    }
}
