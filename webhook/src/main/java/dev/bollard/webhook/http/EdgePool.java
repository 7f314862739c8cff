package dev.bollard.webhook.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fixed number of named threads and a bounded queue for one kind of request. A task that finds
 * both full is not queued: its stage fails at once with {@link Overloaded}.
 */
public final class EdgePool {
    private final String name;
    private final ThreadPoolExecutor executor;

    public EdgePool(String name, int threads, int queue) {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("pool " + name + " needs at least 1 thread and a queue of 0 or more");
        }
        this.name = name;
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                threadFactory(name), new ThreadPoolExecutor.AbortPolicy());
    }

    public String name() {
        return name;
    }

    /**
     * Runs the task on this pool. The stage completes with the task's result or its exception,
     * unwrapped, so the REST layer's exception mappers see what the task threw.
     */
    public <T> CompletionStage<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(task.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new Overloaded(name));
        }
        return result;
    }

    /**
     * Runs {@code task} on this pool once {@code input} (a body being read) is complete; a failed
     * input fails the result with its own exception, unwrapped, and never takes a thread.
     */
    public <I, T> CompletionStage<T> submitAfter(CompletionStage<I> input, Function<I, T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        input.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : failure);
                return;
            }
            submit(() -> task.apply(value)).whenComplete((answer, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(answer);
                }
            });
        });
        return result;
    }

    /** Tasks it takes before the next is shed: threads plus queue. */
    public int capacity() {
        return executor.getMaximumPoolSize() + executor.getQueue().remainingCapacity() + executor.getQueue().size();
    }

    /** Tasks running now plus tasks waiting. */
    public int load() {
        return executor.getActiveCount() + executor.getQueue().size();
    }

    /** Lets running and queued tasks finish within {@code millis}; graceful shutdown has its own timeout above this. */
    void shutdown(long millis) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory threadFactory(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "bollard-" + name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The pool's threads and queue are full: the caller should come back after {@link #RETRY_AFTER_SECONDS}. */
    public static final class Overloaded extends RuntimeException {
        /** A queue this short drains well within a second. */
        public static final int RETRY_AFTER_SECONDS = 1;
        private final String pool;

        public Overloaded(String pool) {
            super("the " + pool + " pool is at capacity; retry shortly", null, false, false);
            this.pool = pool;
        }

        public String pool() {
            return pool;
        }
    }
}
