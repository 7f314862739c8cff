package dev.bollard.webhook.ca.api;

import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.jboss.logging.Logger;

import dev.bollard.identity.Pem;
import dev.bollard.webhook.ca.CaMetrics;
import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.CertificateAuthority;
import dev.bollard.webhook.ca.CsrPolicy;
import dev.bollard.webhook.ca.IssuedCertificate;
import dev.bollard.webhook.ca.Refusal;
import dev.bollard.webhook.ca.auth.Caller;
import dev.bollard.webhook.ca.auth.ServiceAccountIdentity;

/**
 * One certificate request, whichever API it came through: authenticate the caller, check the CSR,
 * sign for the caller's identity, then log one line and count it. Refusals are counted by reason.
 */
@ApplicationScoped
public class CertificateIssuer {
    public static final String REST = "rest";
    public static final String GRPC = "grpc";
    private static final Logger LOG = Logger.getLogger(CertificateIssuer.class);
    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN ([^-\\r\\n]{1,64})-----");
    private static final Set<String> CSR_LABELS = Set.of("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");

    private final ServiceAccountIdentity identity;
    private final CertificateAuthority ca;
    private final CaMetrics metrics;

    CertificateIssuer(ServiceAccountIdentity identity, CertificateAuthority ca, CaMetrics metrics) {
        this.identity = identity;
        this.ca = ca;
        this.metrics = metrics;
    }

    /**
     * @param authorization the {@code Authorization} header or gRPC metadata value
     * @param validitySeconds requested lifetime; null or 0 for the default
     */
    public IssuedCertificate issue(String authorization, String csrPem, Long validitySeconds, String api) {
        try {
            Caller caller = identity.authenticate(authorization);
            PKCS10CertificationRequest csr = parseCsr(csrPem);
            PublicKey key = CsrPolicy.check(csr, caller.id(), ca.crypto());
            Duration ttl = ca.ttlFor(validitySeconds);
            IssuedCertificate issued = ca.sign(key, caller.id(), ttl);
            if (LOG.isDebugEnabled()) {
                // the arguments are built before debugf looks at the level: the serial's hex alone was 1% of an issuance
                LOG.debugf("issued certificate identity=%s serial=%s notAfter=%s %s api=%s", caller.id(), issued.serialHex(),
                        issued.notAfter(), caller.podDescription(), api);
            }
            metrics.issued(api);
            return issued;
        } catch (CaRefusedException e) {
            refused(e, api);
            throw e;
        }
    }

    /** Counts and logs a refusal that happened before {@link #issue} (e.g. an oversized body). */
    public void refused(CaRefusedException e, String api) {
        metrics.refused(e.reason(), api);
        LOG.infof("refused certificate request reason=%s api=%s: %s", e.reason().code(), api, e.getMessage());
    }

    private static PKCS10CertificationRequest parseCsr(String pem) {
        requireOneCsrBlock(pem);
        try {
            return Pem.csr(pem, "CSR");
        } catch (IllegalArgumentException e) {
            throw new CaRefusedException(Refusal.MALFORMED_REQUEST, e.getMessage(), e);
        }
    }

    /**
     * Names the PEM blocks by their labels when there is not exactly one CSR, so that the refusal
     * says "found CERTIFICATE REQUEST, EC PRIVATE KEY" rather than the parser's class names.
     */
    private static void requireOneCsrBlock(String pem) {
        List<String> labels = new ArrayList<>();
        Matcher begin = PEM_BEGIN.matcher(pem == null ? "" : pem);
        while (begin.find() && labels.size() < 10) {
            String label = begin.group(1).strip();
            // named in words: a response must not carry even the label of key material
            labels.add(label.contains("PRIVATE KEY") ? "a private key (never send it to the CA)" : label);
        }
        boolean oneCsr = labels.size() == 1 && CSR_LABELS.contains(labels.get(0));
        if (labels.size() > 1 || (labels.size() == 1 && !oneCsr)) {
            throw new CaRefusedException(Refusal.MALFORMED_REQUEST,
                    "CSR: expected exactly one PEM 'CERTIFICATE REQUEST' block, found " + labels.size() + ": " + String.join(", ", labels));
        }
    }
}
