package dev.bollard.webhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/**
 * The serving edge under attack: slow bodies cost no thread, a flood of one pool leaves the others
 * answering, and a body past its deadline is cut off with a JSON 408.
 */
@QuarkusTest
class ServingEdgeTest {
    /**
     * Starved, an endpoint waits out the attack (bodies trickle for the 10 s deadline, a flood holds
     * its pool until released); served, it answers in milliseconds. This bound only tells the two
     * apart, far from both, so a loaded CI machine cannot fail it: it is a liveness check, not a
     * speed goal. The 100 ms figure is measured by hostile.sh under make conformance.
     */
    private static final long STARVED_MILLIS = 3_000;

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Inject
    Vertx vertx;

    @Inject
    EdgePools pools;

    @Test
    void slowBodiesOn250ConnectionsLeaveEveryEndpointAnswering() throws Exception {
        EdgeProbe probe = new EdgeProbe(base, HttpClient.Version.HTTP_1_1);
        probe.round(); // warm connection, JIT and caches before the attack
        try (SlowBodies attack = SlowBodies.open(base, "/inject", 250)) {
            assertEquals(250, attack.sockets().size());
            Thread.sleep(1500); // the bodies are arriving byte by byte now
            assertAllAnswerQuickly(probe, 401);
        }
    }

    @Test
    void twoHundredTenSlowStreamsOnOneHttp2ConnectionLeaveEveryEndpointAnswering() throws Exception {
        EdgeProbe probe = new EdgeProbe(base, HttpClient.Version.HTTP_2);
        probe.round();
        try (SlowStreams attack = SlowStreams.open(vertx, base, "/inject", 210)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (attack.opened() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, attack.connections(), "all streams share one connection");
            assertEquals(100, attack.serverStreamLimit(), "the server announces its stream limit");
            assertEquals(100, attack.opened(), "the server lets one connection have 100 streams open, no more");
            assertAllAnswerQuickly(probe, 401);
        }
    }

    @Test
    void aBodyStillArrivingAfterTheDeadlineGetsAJson408AndTheConnectionClosed() throws Exception {
        try (SlowBodies attack = SlowBodies.open(base, "/inject", 1)) {
            long start = System.nanoTime();
            String answer = SlowBodies.readUntilClosed(attack.sockets().get(0));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("\"error\":\"request_timeout\""), answer);
            assertTrue(seconds >= 9 && seconds <= 15, "cut off at the 10 s deadline, took " + seconds + " s");
        }
    }

    @Test
    void aFloodedCaPoolShedsWith429WhileAdmissionAndReadinessAnswer() throws Exception {
        EdgeProbe probe = new EdgeProbe(base, HttpClient.Version.HTTP_1_1);
        probe.round();
        try (Flood flood = Flood.of(pools.ca())) {
            EdgeProbe.Answer shed = probe.post("/v1/certificates", "{\"csr\":\"x\"}");
            assertEquals(429, shed.status(), "shed at once with a 429: " + shed);
            assertTrue(shed.millis() < STARVED_MILLIS, "shed at once, not queued: " + shed);
            assertAnswersQuickly(probe.post("/inject", Files.readString(EdgeProbe.REVIEW)), 200);
            assertAnswersQuickly(probe.post("/validate", Files.readString(EdgeProbe.REVIEW)), 200);
            assertAnswersQuickly(probe.get("/q/health/ready"), 200);
        }
    }

    @Test
    void aFloodedAdmissionPoolShedsWith429WhileTheCaAndReadinessAnswer() throws Exception {
        EdgeProbe probe = new EdgeProbe(base, HttpClient.Version.HTTP_1_1);
        probe.round();
        try (Flood flood = Flood.of(pools.admission())) {
            HttpResponse<String> shed = probe.send(HttpRequest.newBuilder(base.resolve("/inject"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofFile(EdgeProbe.REVIEW)));
            assertEquals(429, shed.statusCode(), shed.body());
            assertEquals("1", shed.headers().firstValue("Retry-After").orElse(null));
            assertTrue(shed.body().contains("\"error\":\"overloaded\""), shed.body());
            assertAnswersQuickly(probe.post("/v1/certificates", "{\"csr\":\"x\"}"), 401);
            assertAnswersQuickly(probe.get("/q/health/ready"), 200);
        }
    }

    /**
     * Every endpoint answers with its normal status in each of five rounds, none anywhere near
     * starved; the times are printed for the record.
     */
    private static void assertAllAnswerQuickly(EdgeProbe probe, int caStatus) throws Exception {
        List<EdgeProbe.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.addAll(probe.round());
        }
        for (String endpoint : List.of("/inject", "/validate", "/v1/certificates", "/q/health/ready")) {
            List<EdgeProbe.Answer> mine = answers.stream().filter(a -> a.endpoint().equals(endpoint)).toList();
            int expected = endpoint.equals("/v1/certificates") ? caStatus : 200;
            assertTrue(mine.stream().allMatch(a -> a.status() == expected), endpoint + ": " + mine);
            List<Long> millis = mine.stream().map(EdgeProbe.Answer::millis).sorted().collect(Collectors.toList());
            System.out.printf("under attack %-18s %s ms%n", endpoint, millis);
            assertTrue(millis.get(millis.size() - 1) < STARVED_MILLIS, endpoint + " waited as if starved: " + millis);
        }
    }

    private static void assertAnswersQuickly(EdgeProbe.Answer answer, int status) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.millis() < STARVED_MILLIS, "answered as if starved: " + answer);
    }

    /** Every thread of a pool busy and its queue full, until closed. */
    private static final class Flood implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);
        private final List<CompletableFuture<Boolean>> tasks = new ArrayList<>();

        static Flood of(EdgePool pool) throws Exception {
            Flood flood = new Flood();
            // a burst can fill the queue before idle threads take their tasks off it: top up
            // until every thread is busy and the queue is full
            for (int round = 0; round < 100 && pool.load() < pool.capacity(); round++) {
                while (pool.load() < pool.capacity()) {
                    flood.tasks.add(pool.submit(() -> flood.release.await(30, TimeUnit.SECONDS)).toCompletableFuture());
                }
                Thread.sleep(20);
            }
            CompletableFuture<Boolean> next = pool.submit(() -> true).toCompletableFuture();
            ExecutionException shed = assertThrows(ExecutionException.class, () -> next.get(5, TimeUnit.SECONDS));
            assertTrue(shed.getCause() instanceof EdgePool.Overloaded, shed.toString());
            return flood;
        }

        @Override
        public void close() throws Exception {
            release.countDown();
            for (CompletableFuture<Boolean> task : tasks) {
                task.handle((done, shed) -> done).get(10, TimeUnit.SECONDS);
            }
        }
    }
}
