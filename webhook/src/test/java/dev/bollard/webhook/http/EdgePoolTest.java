package dev.bollard.webhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class EdgePoolTest {

    @Test
    void shedsTheTaskBeyondThreadsAndQueueAtOnce() throws Exception {
        EdgePool pool = new EdgePool("test", 2, 3);
        CountDownLatch release = new CountDownLatch(1);
        assertEquals(5, pool.capacity());
        List<CompletableFuture<Boolean>> flood = new ArrayList<>();
        for (int i = 0; i < pool.capacity(); i++) {
            flood.add(pool.submit(() -> release.await(10, TimeUnit.SECONDS)).toCompletableFuture());
        }
        CompletableFuture<String> shed = pool.submit(() -> "never").toCompletableFuture();
        ExecutionException e = assertThrows(ExecutionException.class, () -> shed.get(2, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof EdgePool.Overloaded overloaded && overloaded.pool().equals("test"), e.toString());
        release.countDown();
        CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertEquals("again", pool.submit(() -> "again").toCompletableFuture().get(5, TimeUnit.SECONDS));
        pool.shutdown(1000);
    }

    @Test
    void aTaskFailsWithItsOwnExceptionUnwrapped() throws Exception {
        EdgePool pool = new EdgePool("test", 1, 1);
        IllegalArgumentException thrown = new IllegalArgumentException("bad CSR");
        CompletableFuture<Object> result = pool.submit(() -> {
            throw thrown;
        }).toCompletableFuture();
        assertSame(thrown, assertThrows(ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS)).getCause());
        pool.shutdown(1000);
    }

    @Test
    void aFailedBodyNeverReachesThePool() throws Exception {
        EdgePool pool = new EdgePool("test", 1, 0);
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        CompletableFuture<String> result = pool.submitAfter(body, bytes -> "ran").toCompletableFuture();
        BodyRefused refused = BodyRefused.tooSlow(BodyLimit.INJECT);
        body.completeExceptionally(refused);
        assertSame(refused, assertThrows(ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS)).getCause());
        assertEquals(0, pool.load());
        pool.shutdown(1000);
    }

    @Test
    void aCompleteBodyRunsOnThePoolThread() throws Exception {
        EdgePool pool = new EdgePool("admission", 1, 1);
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        CompletableFuture<String> result = pool.submitAfter(body, bytes -> bytes.length + " on " + Thread.currentThread().getName())
                .toCompletableFuture();
        body.complete(new byte[3]);
        assertEquals("3 on bollard-admission-1", result.get(5, TimeUnit.SECONDS));
        pool.shutdown(1000);
    }
}
