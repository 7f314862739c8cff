package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bollard.identity.CertificateChains;
import dev.bollard.identity.CertificateIdentity;
import dev.bollard.identity.Keys;
import dev.bollard.identity.Pem;
import dev.bollard.identity.SpiffeId;
import dev.bollard.webhook.testing.WorkloadPods;

/**
 * The packaged server under a burst of honest traffic over TLS on loopback: 20,000 admission
 * reviews and 2,000 certificate requests from 64 concurrent clients, half over HTTP/1.1 and half
 * over h2. Every answer is checked (the uid echoes, the patch applies to the pod that was sent
 * and adds the proxy, the chain verifies to the dev root and names the token's ServiceAccount),
 * none may fail, and after a full GC the server's heap is under {@link #HEAP_AFTER_GC_BOUND}.
 * Bounded in count and by {@link #DEADLINE}; it asserts nothing about speed.
 */
@ExtendWith(PackagedWebhook.class)
class AdmissionAndCaLoadTest {
    // the full counts in `make test`; -Dbollard.load.admissions=2200 -Dbollard.load.certificates=200
    // gives a quick local run of the same checks
    static final int ADMISSIONS = Integer.getInteger("bollard.load.admissions", 20_000);
    static final int CERTIFICATES = Integer.getInteger("bollard.load.certificates", 2_000);
    static final int CLIENTS = 64;
    static final int SERVICE_ACCOUNTS = 8;
    /** Live heap after GC: the working set (CA, templates, caches); 34 MiB measured after 2,400 requests, the pod has 512Mi. */
    static final long HEAP_AFTER_GC_BOUND = 128L * 1024 * 1024;
    /** Not a timing assertion: only how long a wedged server may hold the build (a quiet 2-core machine needs ~1 min). */
    static final Duration DEADLINE = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROXY = "istio-proxy";

    @Test
    void twentyThousandAdmissionsAndTwoThousandCertificatesWithoutOneError(WebhookProcess webhook) throws Exception {
        List<String> tokens = addServiceAccountTokens(webhook.devDir().resolve("tokens.csv"));
        List<WorkloadPods.Case> pods = injectedPods();
        X509Certificate root = Pem.certificate(Files.readString(webhook.devDir().resolve("root-cert.pem")), "dev root");
        // 64 handshakes at once on 2 busy cores: a connect timeout here would measure the machine, not the server
        List<HttpClient> clients = List.of(client(webhook, HttpClient.Version.HTTP_1_1), client(webhook, HttpClient.Version.HTTP_2));
        Load load = new Load(webhook, pods, tokens, root);

        Instant start = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            HttpClient client = clients.get(c % 2);
            pool.execute(() -> load.run(client));
        }
        pool.shutdown();
        boolean finished = pool.awaitTermination(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        pool.shutdownNow();

        Duration took = Duration.between(start, Instant.now());

        assertTrue(finished, "the load did not finish within " + DEADLINE + "; done " + load.done + ", failed " + load.errorCount
                + " " + load.errors);
        long heap = heapAfterGc(webhook);
        report(webhook, heap, took);
        assertEquals(List.of(), List.copyOf(load.errors), load.errorCount + " failed requests (first ones listed)");
        assertEquals(ADMISSIONS + CERTIFICATES, load.done.get());
        assertTrue(heap < HEAP_AFTER_GC_BOUND, "heap after GC " + heap / (1024 * 1024) + " MiB, bound "
                + HEAP_AFTER_GC_BOUND / (1024 * 1024) + " MiB");
    }

    /** The work, shared by all clients: every {@link #every}-th request is a certificate (2,000 of 22,000). */
    private static final class Load {
        final WebhookProcess webhook;
        final List<WorkloadPods.Case> pods;
        final List<String> tokens;
        final X509Certificate root;
        final int every = (ADMISSIONS + CERTIFICATES) / CERTIFICATES;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger errorCount = new AtomicInteger();
        final Queue<String> errors = new ConcurrentLinkedQueue<>();

        Load(WebhookProcess webhook, List<WorkloadPods.Case> pods, List<String> tokens, X509Certificate root) {
            this.webhook = webhook;
            this.pods = pods;
            this.tokens = tokens;
            this.root = root;
        }

        void run(HttpClient client) {
            for (int n = next.getAndIncrement(); n < ADMISSIONS + CERTIFICATES && !Thread.currentThread().isInterrupted();
                    n = next.getAndIncrement()) {
                try {
                    if (n % every == 0 && n / every < CERTIFICATES) {
                        certificate(client, n / every % SERVICE_ACCOUNTS);
                    } else {
                        admission(client, pods.get(n % pods.size()));
                    }
                    done.incrementAndGet();
                } catch (Exception | AssertionError e) {
                    if (errorCount.incrementAndGet() <= 10) {
                        errors.add("request " + n + " over " + client.version() + ": " + e);
                    }
                }
            }
        }

        void admission(HttpClient client, WorkloadPods.Case c) throws Exception {
            String review = Admission.podCreate(c.namespace(), c.pod());
            String uid = JSON.readTree(review).path("request").path("uid").asText();
            HttpResponse<String> http = send(client, HttpRequest.newBuilder(webhook.base().resolve("/inject"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(review)));
            JsonNode response = JSON.readTree(http.body()).path("response");
            check(uid.equals(response.path("uid").asText()), "uid " + uid + " not echoed: " + http.body());
            check(response.path("allowed").asBoolean() && response.has("patch"), "not patched: " + http.body());
            String patch = new String(Base64.getDecoder().decode(response.path("patch").asText()), StandardCharsets.UTF_8);
            JsonObject patched = Json.createPatch(Json.createReader(new StringReader(patch)).readArray())
                    .apply(Json.createReader(new StringReader(c.pod().toString())).readObject());
            check(hasProxy(patched), c.name() + ": the patched pod has no " + PROXY);
        }

        void certificate(HttpClient client, int account) throws Exception {
            KeyPair key = Keys.newP256();
            String csr = Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("O=load"), key.getPublic())
                    .build(new JcaContentSignerBuilder(Keys.SIGNATURE).build(key.getPrivate())));
            HttpResponse<String> http = send(client, HttpRequest.newBuilder(webhook.base().resolve("/v1/certificates"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + tokens.get(account))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("csr", csr).toString())));
            JsonNode body = JSON.readTree(http.body());
            List<X509Certificate> chain = new ArrayList<>();
            body.path("certChain").forEach(pem -> chain.addAll(Pem.certificates(pem.asText(), "certChain")));
            CertificateChains.verify(chain, List.of(root), Instant.now());
            SpiffeId expected = SpiffeId.parse("spiffe://cluster.local/ns/load/sa/load-" + account);
            check(expected.equals(CertificateIdentity.of(chain.get(0))), "issued for " + CertificateIdentity.of(chain.get(0))
                    + ", the token is " + expected);
            check(key.getPublic().equals(chain.get(0).getPublicKey()), "the leaf certifies another key");
        }

        private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
            HttpResponse<String> http = client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            check(http.statusCode() == 200, http.statusCode() + " " + http.body());
            return http;
        }
    }

    private static HttpClient client(WebhookProcess webhook, HttpClient.Version version) {
        return webhook.clientBuilder().version(version).connectTimeout(Duration.ofSeconds(60)).build();
    }

    private static boolean hasProxy(JsonObject pod) {
        JsonObject spec = pod.getJsonObject("spec");
        for (String list : List.of("containers", "initContainers")) {
            if (spec.containsKey(list) && spec.get(list).getValueType() == JsonValue.ValueType.ARRAY
                    && spec.getJsonArray(list).stream().anyMatch(c -> PROXY.equals(c.asJsonObject().getString("name", "")))) {
                return true;
            }
        }
        return false;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /** Tokens for load/load-0 .. load-7, appended to the dev token file the CA reads. */
    private static List<String> addServiceAccountTokens(Path file) throws IOException {
        SecureRandom random = new SecureRandom();
        List<String> tokens = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < SERVICE_ACCOUNTS; i++) {
            byte[] secret = new byte[16];
            random.nextBytes(secret);
            String token = "load-" + HexFormat.of().formatHex(secret);
            tokens.add(token);
            lines.append(token).append(",load,load-").append(i).append('\n');
        }
        Files.writeString(file, lines, StandardOpenOption.APPEND);
        return tokens;
    }

    /** Pod fixtures the webhook injects as they are (no opt-out, no bad annotation). */
    private static List<WorkloadPods.Case> injectedPods() {
        List<WorkloadPods.Case> pods = new ArrayList<>();
        for (String name : List.of("01-multi-container", "02-existing-init-containers", "03-probes", "10-deployment-owned")) {
            pods.addAll(WorkloadPods.from(Repo.testResources().resolve("fixtures/pods/" + name + ".yaml")));
        }
        return pods;
    }

    /** Heap in use after a full GC, from the server's own metrics (jcmd GC.run first). */
    private static long heapAfterGc(WebhookProcess webhook) throws IOException {
        Processes.run(List.of("jcmd", Long.toString(webhook.pid()), "GC.run"), null, 60).requireSuccess("jcmd GC.run");
        String metrics = webhook.get("/q/metrics").body();
        long heap = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        check(heap > 0, "no jvm_memory_used_bytes{area=\"heap\"} in /q/metrics");
        return heap;
    }

    /** The measured numbers, for the README's sizing notes: e2e/target/load-test.txt. */
    private static void report(WebhookProcess webhook, long heap, Duration took) throws IOException {
        String rss = Files.readAllLines(Path.of("/proc", Long.toString(webhook.pid()), "status")).stream()
                .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM")).reduce("", (a, b) -> a + b.replaceAll("\\s+", " ") + "; ");
        String text = "admissions=" + ADMISSIONS + " certificates=" + CERTIFICATES + " clients=" + CLIENTS
                + " seconds=" + took.toSeconds() + " heapAfterGcMiB=" + heap / (1024 * 1024) + " " + rss + "\n";
        Files.writeString(Repo.root().resolve("e2e/target/load-test.txt"), text);
        System.out.print("load test: " + text);
    }
}
