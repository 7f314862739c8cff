import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import dev.bollard.identity.Keys;
import dev.bollard.identity.Pem;
import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;
import dev.bollard.webhook.ca.CaBundle;
import dev.bollard.webhook.ca.CertificateAuthority;
import dev.bollard.webhook.ca.CsrPolicy;
import dev.bollard.webhook.ca.IssuedCertificate;

/**
 * The CA's crypto ceiling for scripts/bench.sh: what the JCA provider the CA ships can do at most
 * per second on THREADS threads, one P-256 ECDSA verify (the CSR's proof of possession) plus one
 * sign (the leaf) per issuance, with the provider's own key objects. Run from source on the
 * packaged webhook's classpath, so it measures whatever provider the build selects:
 *   java -cp "webhook/target/quarkus-app/app/*:webhook/target/quarkus-app/lib/main/*" \
 *       scripts/bench/CryptoCeiling.java SECONDS THREADS
 * Counts for SECONDS after a warm-up of up to 3 s. Then, for the same time on the same threads, the
 * CA's own issuance in process: what {@code CertificateIssuer.issue} does after authentication (parse
 * the CSR PEM, check it, build and sign the leaf, encode the chain), so its share of the ceiling is
 * what the non-crypto work costs, without HTTP or TLS in the way. Prints one JSON line:
 * {"provider": name, "per_s": ceiling a second, "issuance_per_s": in-process issuances a second}.
 */
public final class CryptoCeiling {
    private static final String ALGORITHM = "SHA256withECDSA";
    private static final double WARM_UP_SECONDS = 3;

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args.length > 0 ? args[0] : "5");
        int threads = Integer.parseInt(args.length > 1 ? args[1] : "2");
        Provider provider = shippedProvider();
        List<Runnable> ceiling = new ArrayList<>();
        List<Runnable> issuance = new ArrayList<>();
        Issuance shared = new Issuance();
        for (int i = 0; i < threads; i++) {
            ceiling.add(new Worker(provider)::once);
            issuance.add(shared::once);
        }
        double ceilingPerS = perSecond(ceiling, seconds);
        double issuancePerS = perSecond(issuance, seconds);
        System.out.printf(Locale.ROOT, "{\"provider\": \"%s\", \"per_s\": %.0f, \"issuance_per_s\": %.0f}%n",
                provider.getName(), ceilingPerS, issuancePerS);
    }

    /** Runs each step in a loop on a thread of its own, and counts the steps a second after the warm-up. */
    static double perSecond(List<Runnable> steps, double seconds) throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Runnable step = steps.get(i);
            workers.add(new Thread(() -> {
                while (!stop.get()) {
                    step.run();
                    done.increment();
                }
            }, "ceiling-" + i));
        }
        workers.forEach(Thread::start);
        // a fresh JVM: let the JIT compile the loop before counting
        Thread.sleep((long) (Math.min(seconds, WARM_UP_SECONDS) * 1000));
        long warm = done.sum();
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long counted = done.sum() - warm;
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread thread : workers) {
            thread.join();
        }
        return counted / elapsed;
    }

    /** The provider the CA signs and verifies with: its own automatic choice (ACCP where it loads, else Bouncy Castle). */
    static Provider shippedProvider() {
        return dev.bollard.webhook.ca.CryptoProvider.chosen().provider();
    }

    /** One thread's step: verify a CSR-sized signature, sign a certificate-sized body. */
    private static final class Worker {
        private final Signature signer;
        private final Signature verifier;
        private final byte[] csrBody = new byte[300];
        private final byte[] csrSignature;
        private final byte[] tbsCertificate = new byte[600];

        Worker(Provider provider) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair ca = generator.generateKeyPair();
            KeyPair workload = generator.generateKeyPair();
            signer = Signature.getInstance(ALGORITHM, provider);
            signer.initSign(ca.getPrivate());
            Signature csrSigner = Signature.getInstance(ALGORITHM, provider);
            csrSigner.initSign(workload.getPrivate());
            csrSigner.update(csrBody);
            csrSignature = csrSigner.sign();
            verifier = Signature.getInstance(ALGORITHM, provider);
            verifier.initVerify(workload.getPublic());
        }

        void once() {
            try {
                verifier.update(csrBody);
                if (!verifier.verify(csrSignature)) {
                    throw new IllegalStateException("the CSR signature did not verify");
                }
                signer.update(tbsCertificate);
                signer.sign();
            } catch (Exception e) {
                throw new IllegalStateException("ceiling worker failed", e);
            }
        }
    }

    /**
     * One issuance as the CA does it for an authenticated caller, from the CSR PEM to the chain's
     * PEMs; the CA, like the server's, is shared by every thread.
     */
    private static final class Issuance {
        private final CertificateAuthority ca;
        private final SpiffeId caller = SpiffeId.forServiceAccount(TrustDomain.parse("cluster.local"), "shop", "storefront");
        private final String csrPem;

        Issuance() throws Exception {
            Instant now = Instant.now();
            CaBundle bundle = CaBundle.generateRoot(new X500Name("O=bench, CN=Bench Root CA"),
                    now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)));
            ca = new CertificateAuthority(() -> bundle, Clock.systemUTC(), Duration.ofHours(24), Duration.ofDays(90));
            csrPem = Pem.encode(csr(Keys.newP256(), caller));
        }

        void once() {
            PKCS10CertificationRequest csr = Pem.csr(csrPem, "CSR");
            PublicKey key = CsrPolicy.check(csr, caller);
            IssuedCertificate issued = ca.sign(key, caller, ca.ttlFor(null));
            if (issued.chainPems().isEmpty()) {
                throw new IllegalStateException("an issuance without a chain");
            }
        }

        /** A CSR as an Istio-style agent sends it: empty subject, the SPIFFE URI as its only SAN. */
        private static PKCS10CertificationRequest csr(KeyPair key, SpiffeId id) throws Exception {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id.toString())));
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(new RDN[0]), key.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(new JcaContentSignerBuilder(ALGORITHM).build(key.getPrivate()));
        }
    }
}
