package dev.bollard.webhook.ca;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A {@link CaConfig} with the production defaults, for tests that build CA beans by hand. */
public record TestCaConfig(Store store, Path devDir, Path cacertsDir, Optional<Path> staticTokenFile) implements CaConfig {

    public static TestCaConfig secret(Path cacertsDir) {
        return new TestCaConfig(Store.SECRET, cacertsDir.resolve("no-dev-dir"), cacertsDir, Optional.empty());
    }

    public static TestCaConfig files(Path devDir) {
        return new TestCaConfig(Store.FILES, devDir, devDir.resolve("no-cacerts"), Optional.empty());
    }

    public TestCaConfig withStaticTokenFile(Path file) {
        return new TestCaConfig(store, devDir, cacertsDir, Optional.of(file));
    }

    @Override
    public String trustDomain() {
        return "cluster.local";
    }

    @Override
    public CryptoChoice cryptoProvider() {
        return CryptoChoice.AUTO;
    }

    @Override
    public Duration minTtl() {
        return Duration.ofSeconds(10);
    }

    @Override
    public TokenReview tokenReview() {
        return new TokenReviewLimits(16, 64, Duration.ofMillis(1500), Duration.ofSeconds(60), Duration.ofSeconds(5), 10_000);
    }

    /** {@code bollard.ca.token-review.*} with the production defaults unless a test says otherwise. */
    record TokenReviewLimits(int maxConcurrent, int maxQueued, Duration timeout, Duration cacheTtl, Duration negativeCacheTtl,
            int cacheSize) implements TokenReview {
    }

    @Override
    public Duration defaultTtl() {
        return Duration.ofHours(24);
    }

    @Override
    public Duration maxTtl() {
        return Duration.ofDays(90);
    }

    @Override
    public Duration rootTtl() {
        return Duration.ofDays(3650);
    }

    @Override
    public String namespace() {
        return "bollard-system";
    }

    @Override
    public String secretName() {
        return "bollard-ca";
    }

    @Override
    public String audience() {
        return "istio-ca";
    }

    @Override
    public boolean distributeRoot() {
        return true;
    }
}
