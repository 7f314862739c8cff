package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.bollard.identity.AtomicFile;
import dev.bollard.identity.Keys;
import dev.bollard.identity.Pem;
import dev.bollard.identity.SpiffeId;
import dev.bollard.webhook.ca.IssuedCertificate;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * {@code make bench} (or {@code -Dbench.feed=true}): 1,000 proxies, each with a client certificate
 * of its own from the workload CA, stream the feed of a 1,000-pod mesh from one control plane.
 * Measures the heap and RSS the open streams take, and the time from a mesh file edit to the last
 * proxy holding the new snapshot. Clients run in the same JVM (Vert.x, two event loops), so the
 * memory figures are an upper bound for the control plane alone. Results: target/bench/feed-scale.txt.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench.feed", matches = "true")
class MeshFeedScaleTest extends FeedServerTest {
    static final int PROXIES = Integer.getInteger("bench.feed.proxies", 1000);
    static final int WAVE = 50;
    static final Path FILE = MeshFeedResourceTest.MESH_DIR.resolve("scale-bench.yaml");
    // a line starts {"type":" and its tenth byte tells a snapshot ('s') from a heartbeat ('h')
    private static final int TYPE_BYTE = "{\"type\":\"".length();


    private final List<String> report = new ArrayList<>();

    @AfterEach
    void removeMesh() throws Exception {
        Files.deleteIfExists(FILE);
    }

    @Test
    void aThousandFeedsOfAThousandPods() throws Exception {
        writeMesh("STRICT");
        int listenersBefore = model.listenerCount();
        Memory idle = Memory.now();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        List<HttpClient> clients = new ArrayList<>();
        List<AtomicInteger> snapshots = new ArrayList<>();
        try {
            long issuing = System.nanoTime();
            for (int i = 0; i < PROXIES; i++) {
                clients.add(client(vertx));
            }
            note("issued %d client certificates in %d ms", PROXIES, millisSince(issuing));
            long opening = System.nanoTime();
            // in waves, as proxies of a rollout start: a thousand TLS handshakes at once time out on two busy cores
            for (int i = 0; i < PROXIES; i++) {
                snapshots.add(open(clients.get(i), "bench-" + i));
                if (snapshots.size() % WAVE == 0 || i == PROXIES - 1) {
                    awaitAll(snapshots, n -> n >= 1, Duration.ofSeconds(120));
                }
            }
            note("%d streams open, each with its first snapshot, in %d ms (waves of %d)", PROXIES, millisSince(opening), WAVE);
            Memory open = Memory.now();
            note("heap after GC: %d MiB idle, %d MiB with the streams open (%d KiB per stream); RSS %d MiB -> %d MiB",
                    idle.heapMiB(), open.heapMiB(), (open.heapBytes - idle.heapBytes) / 1024 / PROXIES, idle.rssMiB(), open.rssMiB());
            String[] modes = {"PERMISSIVE", "STRICT", "PERMISSIVE"};
            for (int round = 0; round < modes.length; round++) {
                long version = model.current().orElseThrow().version();
                long edited = System.nanoTime();
                writeMesh(modes[round]);
                long published = System.nanoTime();
                int expected = round + 2;
                awaitAll(snapshots, n -> n >= expected, Duration.ofSeconds(60));
                note("change %d (state %d): file edit -> model %d ms, model -> all %d proxies %d ms", round + 1, version + 1,
                        (published - edited) / 1_000_000, PROXIES, millisSince(published));
            }
        } finally {
            clients.forEach(HttpClient::close);
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        long closing = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (model.listenerCount() > listenersBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(listenersBefore, model.listenerCount(), "closed streams still listen to the model");
        Memory closed = Memory.now();
        note("all streams closed and unsubscribed in %d ms; heap after GC %d MiB", millisSince(closing), closed.heapMiB());
        Path out = Path.of("target", "bench", "feed-scale.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, String.join("\n", report) + "\n");
    }

    private HttpClient client(Vertx vertx) {
        KeyPair key = Keys.newP256();
        IssuedCertificate issued = ca.sign(key.getPublic(), SpiffeId.forServiceAccount(MeshFeedResourceTest.TD, "bench", "bench"),
                Duration.ofHours(1));
        PemKeyCertOptions identity = new PemKeyCertOptions().setCertValue(Buffer.buffer(String.join("", issued.chainPems())))
                .setKeyValue(Buffer.buffer(Pem.encode(key.getPrivate())));
        return vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                .setSslHandshakeTimeout(60).setKeyCertOptions(identity), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1));
    }

    /** Counts the snapshot lines of one stream as they arrive, without keeping them. */
    private AtomicInteger open(HttpClient client, String pod) {
        AtomicInteger snapshots = new AtomicInteger();
        int[] position = {0};
        client.request(HttpMethod.GET, base.getPort(), base.getHost(), MeshFeedResource.PATH + "?pod=" + pod + "&namespace=bench")
                .compose(request -> request.send())
                .onSuccess(response -> response.handler(chunk -> {
                    for (int i = 0; i < chunk.length(); i++) {
                        byte b = chunk.getByte(i);
                        if (b == '\n') {
                            position[0] = 0;
                        } else if (position[0]++ == TYPE_BYTE && b == 's') {
                            snapshots.incrementAndGet();
                        }
                    }
                }))
                .onFailure(e -> {
                    snapshots.set(Integer.MIN_VALUE);
                    System.out.println("feed-scale: stream of " + pod + " failed: " + e);
                });
        return snapshots;
    }

    private static void awaitAll(List<AtomicInteger> counters, IntPredicate done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!counters.stream().allMatch(c -> done.test(c.get()))) {
            if (System.nanoTime() > deadline) {
                long behind = counters.stream().filter(c -> !done.test(c.get())).count();
                throw new AssertionError(behind + " of " + counters.size() + " streams did not get there in " + timeout);
            }
            Thread.sleep(2);
        }
    }

    /** A 1,000-pod namespace (one Deployment's worth of replicas), its PeerAuthentication and an AuthorizationPolicy. */
    private void writeMesh(String mode) throws Exception {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < PROXIES; i++) {
            yaml.append("""
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: bench-%d, namespace: bench, labels: {app: bench, version: v1, security.istio.io/tlsMode: istio}}
                    spec: {serviceAccountName: bench}
                    status: {podIP: 10.60.%d.%d}
                    """.formatted(i, i / 250, i % 250 + 1));
        }
        yaml.append("""
                ---
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: default, namespace: bench}
                spec: {mtls: {mode: %s}}
                ---
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: allow-bench, namespace: bench}
                spec: {rules: [{from: [{source: {namespaces: [bench]}}]}]}
                """.formatted(mode));
        Files.createDirectories(FILE.getParent());
        AtomicFile.write(FILE, yaml, AtomicFile.WORLD_READABLE);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            MeshState state = model.current().orElse(null);
            if (state != null && state.pod("bench", "bench-" + (PROXIES - 1)).isPresent() && state.policies().stream()
                    .anyMatch(p -> p.ref().equals("bench/default") && p.mode().name().equals(mode))) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the mesh model did not pick up " + FILE);
    }

    private void note(String format, Object... args) {
        String line = String.format(format, args);
        report.add(line);
        System.out.println("feed-scale: " + line);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Heap in use after a full GC, and the process's resident set. */
    private record Memory(long heapBytes, long rssBytes) {
        static Memory now() throws Exception {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(100);
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(-1L);
            return new Memory(heap, rss);
        }

        long heapMiB() {
            return heapBytes >> 20;
        }

        long rssMiB() {
            return rssBytes >> 20;
        }
    }
}
