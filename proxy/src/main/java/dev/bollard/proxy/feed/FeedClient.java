package dev.bollard.proxy.feed;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

import dev.bollard.proxy.cert.AgentLog;
import dev.bollard.proxy.cert.HttpsClientContexts;
import dev.bollard.proxy.cert.HttpsExchange;
import dev.bollard.proxy.cert.ServerMessages;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import dev.bollard.proxy.state.MeshSnapshot;

/**
 * The proxy's end of the control plane feed ({@code GET /v1/mesh/feed}, NDJSON that never ends):
 * mutual TLS with the workload certificate from memory, trusting only the mesh roots. Each valid
 * snapshot replaces {@code mesh} whole; a line that does not parse or validate is logged and the
 * last good snapshot stays. 30 s without any line means a dead stream: reconnect, with backoff
 * (1 s doubling to 30 s, equal jitter). While disconnected the data plane keeps serving on the last
 * good snapshot. A rotated certificate is used from the next connection on.
 *
 * <p>Lines arrive on the connection's event loop ({@link HttpsExchange}, HTTP/1.1: one long response
 * per connection, h2 would multiplex nothing here), so a silent stream can be cancelled from the
 * loop (a blocked {@code InputStream.read} could not be).
 */
public final class FeedClient implements AutoCloseable {
    public static final String FEED_PATH = "v1/mesh/feed";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Tunables; {@link #DEFAULT} is the contract's, tests shorten them. */
    public record Timing(Duration silence, Duration initialBackoff, Duration maxBackoff, Duration tick) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofMillis(100));
    }

    private record Tls(SslContext context, long generation) {
    }

    private final URI endpoint;
    private final AtomicReference<MeshSnapshot> mesh;
    private final AgentLog log;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Timing timing;
    private final AtomicReference<Tls> tls = new AtomicReference<>();
    private final Object tlsChanged = new Object();
    private volatile boolean closed;
    private volatile Thread thread;
    private volatile Connection connection;

    public FeedClient(URI endpoint, AtomicReference<MeshSnapshot> mesh, AgentLog log, Clock clock, DoubleSupplier random,
            Timing timing) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.mesh = mesh;
        this.log = log;
        this.clock = clock;
        this.random = random;
        this.timing = timing;
    }

    /** {@code <base>/v1/mesh/feed?pod=..&namespace=..[&ip=..]}, whatever the base's trailing slash. */
    public static URI endpoint(URI controlPlane, String pod, String namespace, String ip) {
        String base = controlPlane.toString();
        StringBuilder url = new StringBuilder(base.endsWith("/") ? base : base + "/").append(FEED_PATH)
                .append("?pod=").append(encode(pod)).append("&namespace=").append(encode(namespace));
        if (ip != null && !ip.isEmpty()) {
            url.append("&ip=").append(encode(ip));
        }
        return URI.create(url.toString());
    }

    /** The workload certificate to present from the next connection on (called on every rotation). */
    public void useCertificate(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> roots) {
        SslContext context = HttpsClientContexts.client(key, chain, roots);
        synchronized (tlsChanged) {
            Tls previous = tls.get();
            tls.set(new Tls(context, previous == null ? 0 : previous.generation() + 1));
            tlsChanged.notifyAll();
        }
    }

    /** True while a feed response (200) is open and not ended: Envoy's {@code control_plane.connected_state}. */
    public boolean connected() {
        Connection c = connection;
        return !closed && c != null && c.status == 200 && !c.done.isDone();
    }

    /** Futures waiting on the open connection's end: a constant while it stays open, whatever the ticks (test hook). */
    int waitingOnConnection() {
        Connection c = connection;
        return c == null ? 0 : c.done.getNumberOfDependents();
    }

    /** Starts the connect loop on a daemon thread; it waits for the first certificate. */
    public FeedClient start() {
        Thread t = new Thread(this::loop, "control-plane-feed");
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    private void loop() {
        int failures = 0;
        try {
            awaitCertificate();
            while (!closed) {
                boolean applied = connectOnce();
                failures = applied ? 0 : failures + 1;
                if (closed) {
                    return;
                }
                Duration wait = backoff(Math.max(failures, 1));
                log.info("control plane feed: reconnecting in " + wait.toMillis() + " ms");
                Thread.sleep(wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitCertificate() throws InterruptedException {
        synchronized (tlsChanged) {
            while (tls.get() == null && !closed) {
                tlsChanged.wait();
            }
        }
    }

    /** One connection, until it ends or goes silent; true when it applied at least one snapshot. */
    private boolean connectOnce() throws InterruptedException {
        Connection c = new Connection();
        connection = c;
        CompletableFuture<Void> response;
        try {
            c.exchange = HttpsExchange.start(tls.get().context(), endpoint, HttpMethod.GET,
                    Map.of("Accept", "application/x-ndjson"), null, CONNECT_TIMEOUT, c);
            response = c.exchange.done();
        } catch (RuntimeException e) {
            log.warn("control plane feed " + endpoint + ": " + e.getMessage());
            return false;
        }
        // One anyOf per connection, not per tick: anyOf hangs a node on both futures that stays until
        // one of them completes, so a fresh one every tick kept ~100 bytes per tick (~3.5 MiB an hour) for as long as the stream stayed open.
        CompletableFuture<Object> ended = CompletableFuture.anyOf(response, c.done);
        while (!closed) {
            try {
                ended.get(timing.tick().toMillis(), TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                if (c.silentFor(clock.instant()).compareTo(timing.silence()) >= 0) {
                    log.warn("control plane feed: no line for " + timing.silence().toSeconds()
                            + " s, treating the stream as dead (keeping config version " + mesh.get().version() + ")");
                    c.cancel();
                    return c.applied.get() > 0;
                }
            } catch (ExecutionException e) {
                log.warn("control plane feed " + endpoint + " unreachable: " + ServerMessages.causes(e.getCause())
                        + " (keeping config version " + (mesh.get().isEmpty() ? "none" : mesh.get().version()) + ")");
                return c.applied.get() > 0;
            }
        }
        if (c.status > 0 && c.status != 200) {
            log.warn("control plane feed " + endpoint + " answered " + c.status + ": " + ServerMessages.errorText(c.errorBody.get()));
        } else if (!closed) {
            log.warn("control plane feed: stream ended (keeping config version " + mesh.get().version() + ")");
        }
        c.cancel();
        return c.applied.get() > 0;
    }

    /** Retry number {@code failures}: exponential from the initial backoff, capped, in the upper half (equal jitter). */
    Duration backoff(int failures) {
        long cap = timing.maxBackoff().toMillis();
        long exponential = timing.initialBackoff().toMillis() << Math.min(failures - 1, 20);
        long base = Math.min(exponential, cap);
        return Duration.ofMillis(base / 2 + (long) (base / 2 * Math.min(Math.max(random.getAsDouble(), 0), 1)));
    }

    /** One line: apply, or refuse and keep the last good snapshot. */
    void accept(String line, AtomicInteger applied) {
        if (line.isBlank()) {
            return;
        }
        FeedMessage message;
        try {
            message = FeedParser.parse(line);
        } catch (IllegalArgumentException e) {
            log.warn("control plane feed: refused a broken update (" + ServerMessages.oneLine(e.getMessage()) + "); keeping config version "
                    + (mesh.get().isEmpty() ? "none" : mesh.get().version()));
            return;
        }
        if (message instanceof FeedMessage.Snapshot snapshot) {
            MeshSnapshot next = snapshot.mesh();
            mesh.set(next);
            applied.incrementAndGet();
            log.info("config version " + next.version() + " applied (" + next.endpoints().size() + " endpoints, inbound mode "
                    + next.self().mode() + ")");
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (tlsChanged) {
            tlsChanged.notifyAll();
        }
        Connection c = connection;
        if (c != null) {
            c.cancel();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** One HTTP exchange: the status, then the lines (200) or the error body. */
    private final class Connection implements HttpsExchange.Listener {
        /** An error answer is quoted in one log line; more than this is not an error message. */
        private static final int MAX_ERROR_BODY = 1 << 16;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicReference<String> errorBody = new AtomicReference<>("");
        final AtomicInteger applied = new AtomicInteger();
        /** The bytes after the last newline, until the rest of their line arrives. */
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        volatile int status;
        volatile Instant lastLine = clock.instant();
        volatile HttpsExchange exchange;

        @Override
        public void head(int status, HttpHeaders headers) {
            this.status = status;
            lastLine = clock.instant();
            if (status == 200) {
                log.info("control plane feed: connected to " + endpoint);
            }
        }

        @Override
        public void body(byte[] content) {
            if (status != 200) {
                pending.write(content, 0, Math.max(0, Math.min(content.length, MAX_ERROR_BODY - pending.size())));
                return;
            }
            int start = 0;
            for (int i = 0; i < content.length; i++) {
                if (content[i] == '\n') {
                    pending.write(content, start, i - start);
                    line();
                    start = i + 1;
                }
            }
            pending.write(content, start, content.length - start);
        }

        /** The pending bytes as one line, without its CR (lines end in LF or CRLF, as BufferedReader reads them). */
        private void line() {
            byte[] bytes = pending.toByteArray();
            pending.reset();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            lastLine = clock.instant();
            accept(new String(bytes, 0, length, StandardCharsets.UTF_8), applied);
        }

        /** The response ended: the last unterminated line counts, an error body is kept for the log. */
        @Override
        public void end() {
            if (status == 200) {
                if (pending.size() > 0) {
                    line();
                }
            } else {
                errorBody.set(pending.toString(StandardCharsets.UTF_8));
            }
            done.complete(null);
        }

        Duration silentFor(Instant now) {
            return Duration.between(lastLine, now);
        }

        void cancel() {
            HttpsExchange e = exchange;
            if (e != null) {
                e.cancel();
            }
            done.complete(null);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
