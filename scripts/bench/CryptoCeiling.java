import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The CA's crypto ceiling for scripts/bench.sh: what the JCA provider the CA ships can do at most
 * per second on THREADS threads, one P-256 ECDSA verify (the CSR's proof of possession) plus one
 * sign (the leaf) per issuance, with the provider's own key objects. Run from source on the
 * packaged webhook's classpath, so it measures whatever provider the build selects:
 *   java -cp "webhook/target/quarkus-app/app/*:webhook/target/quarkus-app/lib/main/*" \
 *       scripts/bench/CryptoCeiling.java SECONDS THREADS
 * Counts for SECONDS after a warm-up of up to 3 s. Prints one JSON line:
 * {"provider": name, "per_s": issuances a second}.
 */
public final class CryptoCeiling {
    private static final String ALGORITHM = "SHA256withECDSA";
    private static final double WARM_UP_SECONDS = 3;

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args.length > 0 ? args[0] : "5");
        int threads = Integer.parseInt(args.length > 1 ? args[1] : "2");
        Provider provider = shippedProvider();
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Worker worker = new Worker(provider, done, stop);
            Thread thread = new Thread(worker::run, "ceiling-" + i);
            workers.add(thread);
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
        System.out.printf(Locale.ROOT, "{\"provider\": \"%s\", \"per_s\": %.0f}%n", provider.getName(), counted / elapsed);
    }

    /** The provider the CA signs and verifies with: its own automatic choice (ACCP where it loads, else Bouncy Castle). */
    static Provider shippedProvider() {
        return dev.bollard.webhook.ca.CryptoProvider.chosen().provider();
    }

    /** One thread's loop: verify a CSR-sized signature, sign a certificate-sized body. */
    private static final class Worker {
        private final LongAdder done;
        private final AtomicBoolean stop;
        private final Signature signer;
        private final Signature verifier;
        private final byte[] csrBody = new byte[300];
        private final byte[] csrSignature;
        private final byte[] tbsCertificate = new byte[600];

        Worker(Provider provider, LongAdder done, AtomicBoolean stop) throws Exception {
            this.done = done;
            this.stop = stop;
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

        void run() {
            try {
                while (!stop.get()) {
                    verifier.update(csrBody);
                    if (!verifier.verify(csrSignature)) {
                        throw new IllegalStateException("the CSR signature did not verify");
                    }
                    signer.update(tbsCertificate);
                    signer.sign();
                    done.increment();
                }
            } catch (Exception e) {
                throw new IllegalStateException("ceiling worker failed", e);
            }
        }
    }
}
