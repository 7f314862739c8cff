package dev.bollard.webhook.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import dev.bollard.identity.RenewalTime;
import dev.bollard.webhook.ops.OpsConfig;

/**
 * The certificate the HTTPS listener presents. User-provided files (a mounted Secret, or
 * .bollard-dev/ under make run) win when both exist; otherwise the webhook issues its own from the
 * CA for its Service names, as istiod does for its webhook. {@link #refresh()} re-reads changed
 * files and renews a self-issued certificate after two thirds of its life or when the CA root
 * changes; it never drops a working certificate for a failing one.
 */
@ApplicationScoped
public class ServingCertificates {
    private static final Logger LOG = Logger.getLogger(ServingCertificates.class);
    private static final RenewalTime RENEWAL = new RenewalTime(2.0 / 3);

    static final String USER_CA_FILE = "ca.crt";
    private static final String BEGIN_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

    enum Origin {
        FILES, SELF_ISSUED
    }

    record Loaded(ServingPair pair, Origin origin, String rootPem) {
    }

    private final Path certFile;
    private final Path keyFile;
    private final Duration ttl;
    private final List<String> dnsNames;
    private final ServingCertificateSource ca;
    private final Clock clock;
    private volatile Loaded current;

    @Inject
    ServingCertificates(OpsConfig config, ServingCertificateSource ca) {
        this(Path.of(config.serving().certFile()), Path.of(config.serving().keyFile()), config.serving().ttl(),
                ServiceDnsNames.of(OpsConfig.SERVICE_NAME, config.namespace(), config.serving().clusterDomain(),
                        config.serving().extraDnsNames().orElse(List.of())),
                ca, Clock.systemUTC());
    }

    ServingCertificates(Path certFile, Path keyFile, Duration ttl, List<String> dnsNames, ServingCertificateSource ca,
            Clock clock) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.ttl = ttl;
        this.dnsNames = List.copyOf(dnsNames);
        this.ca = ca;
        this.clock = clock;
    }

    /** The pair in use, loading it on first call; fails with the reason when none can be had. */
    public ServingPair current() {
        Loaded loaded = current;
        if (loaded == null) {
            synchronized (this) {
                if (current == null) {
                    current = load();
                    LOG.infof("serving certificate from %s: %s", current.origin(), current.pair());
                }
                loaded = current;
            }
        }
        return loaded.pair();
    }

    Origin origin() {
        current();
        return current.origin();
    }

    /**
     * What the API server must trust to call us, for the webhooks' caBundle: the CA root when the
     * certificate is self-issued; for a user's Secret, its {@code ca.crt} beside {@code tls.crt}
     * (cert-manager and kubectl-created TLS Secrets carry one), else the last certificate of the
     * {@code tls.crt} chain.
     */
    public String trustAnchorPem() {
        current();
        Loaded loaded = current;
        if (loaded.origin() == Origin.SELF_ISSUED) {
            // the CA's current root: a rotated root is announced at once, the renewal follows it
            return ca.rootPem();
        }
        Path caFile = certFile.resolveSibling(USER_CA_FILE);
        try {
            if (Files.isReadable(caFile) && !Files.readString(caFile).isBlank()) {
                return Files.readString(caFile);
            }
        } catch (IOException e) {
            LOG.warnf("cannot read %s, using the top of %s instead: %s", caFile, certFile, e.getMessage());
        }
        String chain = loaded.pair().chainPem();
        int last = chain.lastIndexOf(BEGIN_CERTIFICATE);
        return last < 0 ? chain : chain.substring(last);
    }

    /** Swaps in a newer certificate when one is due; true when the listener must reload. */
    public synchronized boolean refresh() {
        current();
        try {
            Loaded next = filesPresent() ? fromFiles() : renewIfDue(current);
            if (next.pair().equals(current.pair())) {
                return false;
            }
            LOG.infof("serving certificate replaced (%s -> %s): %s", current.origin(), next.origin(), next.pair());
            current = next;
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("keeping the current serving certificate (valid until %s): %s", current.pair().notAfter(),
                    e.getMessage());
            return false;
        }
    }

    List<String> dnsNames() {
        return dnsNames;
    }

    private Loaded load() {
        if (filesPresent()) {
            return fromFiles();
        }
        try {
            return issue();
        } catch (RuntimeException e) {
            throw new IllegalStateException("no serving certificate: " + certFile + " and " + keyFile
                    + " are not both present, and issuing one from the CA failed: " + e.getMessage(), e);
        }
    }

    private Loaded renewIfDue(Loaded loaded) {
        if (loaded.origin() == Origin.SELF_ISSUED && !renewalDue(loaded.pair()) && ca.rootPem().equals(loaded.rootPem())) {
            return loaded;
        }
        return issue();
    }

    /** Two thirds into the lifetime, like cert-manager's default renewBefore; counted from notBefore. */
    private boolean renewalDue(ServingPair pair) {
        return !clock.instant().isBefore(RENEWAL.at(pair.notBefore(), pair.notAfter(), pair.notBefore()));
    }

    private Loaded issue() {
        String root = ca.rootPem();
        return new Loaded(ca.issueServing(dnsNames, ttl), Origin.SELF_ISSUED, root);
    }

    private boolean filesPresent() {
        return Files.isReadable(certFile) && Files.isReadable(keyFile);
    }

    private Loaded fromFiles() {
        try {
            return new Loaded(new ServingPair(Files.readString(keyFile), Files.readString(certFile)), Origin.FILES, null);
        } catch (IOException e) {
            throw new UncheckedIOException("read serving certificate " + certFile + " / " + keyFile, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(certFile + " / " + keyFile + ": " + e.getMessage(), e);
        }
    }

    Instant notAfter() {
        return current().notAfter();
    }
}
