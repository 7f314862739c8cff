package dev.bollard.proxy.telemetry;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.log.ConnectionRecord;
import dev.bollard.proxy.log.ConnectionRecord.Direction;
import dev.bollard.proxy.log.RequestRecord;
import dev.bollard.proxy.state.MeshSnapshot;

/**
 * A {@link ConnectionLog} that counts Istio's standard metrics, then forwards every call to the
 * real log. Runs on the event loops: a few map lookups and adders per event, nothing that blocks.
 *
 * <p>Istio reports {@code istio_tcp_*} only for connections it proxies as TCP, not for HTTP ones,
 * and counts a TCP connection as opened once it has seen its first bytes (or at its close). The
 * record says HTTP only when a request on the connection ends, so an opened connection waits here
 * until its first request (HTTP: no TCP metrics), its close, or {@link #TCP_GRACE_NANOS} (then it
 * counts as opened, as Istio's 5 s periodic TCP report would). A connection refused before Envoy
 * would have proxied it (STRICT plaintext, a failed inbound handshake; see {@link ResponseFlags})
 * is not counted, as Istio counts none; one whose upstream failed is ({@code response_flags="UF"}).
 * Byte counters grow when a connection closes: the log hears of bytes then only.
 */
public final class MetricsConnectionLog implements ConnectionLog {
    /** Istio's default {@code tcp_reporting_duration}. */
    static final long TCP_GRACE_NANOS = 5_000_000_000L;
    /**
     * A connection known only from its requests (no opened()) is forgotten after this long without
     * one, so a request written after its connection's end cannot leave an entry behind for good.
     */
    static final long HTTP_MARK_IDLE_NANOS = 600_000_000_000L;
    private static final Logger LOG = Logger.getLogger(MetricsConnectionLog.class.getName());

    private final ConnectionLog next;
    private final IstioMetrics metrics;
    private final IstioLabels labels;
    private final Supplier<MeshSnapshot> mesh;
    private final Supplier<Optional<String>> localPrincipal;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<Key, Open> open = new ConcurrentHashMap<>();
    private volatile Indexed indexed = new Indexed(MeshSnapshot.EMPTY, ServiceIndex.EMPTY);

    private record Key(Direction direction, InetSocketAddress source, InetSocketAddress destination) {
    }

    private record Indexed(MeshSnapshot snapshot, ServiceIndex services) {
    }

    /**
     * A connection's requests mostly repeat their authority and status, so their series are those
     * of the one before: kept, they spare building and hashing some 25 label values four times per
     * request. The view is fixed per connection; flags are NONE for every request.
     */
    private record Recent(String authority, int status, IstioMetrics.RequestSeries series) {
    }

    /**
     * A connection that opened (or carried a request) and has not closed: its view, and whether its
     * TCP open was counted ({@code claimed}: by the grace period or by the close, whichever first).
     */
    private static final class Open {
        final ConnectionView view;
        final long since;
        final boolean announced;
        final AtomicBoolean claimed = new AtomicBoolean();
        volatile boolean http;
        volatile long lastRequest;
        /** The series of the connection's last request, for the next one with the same authority and status. */
        volatile Recent recent;

        Open(ConnectionView view, long since, boolean announced) {
            this.view = view;
            this.since = since;
            this.announced = announced;
            this.lastRequest = since;
        }
    }

    /**
     * @param localPrincipal this proxy's SPIFFE ID, once it has a certificate
     * @param nanos          {@link System#nanoTime} in production
     */
    public MetricsConnectionLog(ConnectionLog next, IstioMetrics metrics, MetricsConfig config, String podNamespace,
                                Supplier<MeshSnapshot> mesh, Supplier<Optional<String>> localPrincipal, LongSupplier nanos) {
        this.next = Objects.requireNonNull(next, "next");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.labels = new IstioLabels(config, podNamespace);
        this.mesh = Objects.requireNonNull(mesh, "mesh");
        this.localPrincipal = Objects.requireNonNull(localPrincipal, "localPrincipal");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
    }

    @Override
    public void write(String line) {
        next.write(line);
    }

    @Override
    public void opened(ConnectionRecord soFar) {
        guarded(() -> {
            Open announced = new Open(view(soFar), nanos.getAsLong(), true);
            open.merge(key(soFar), announced, (known, now) -> {
                now.http = known.http; // a request seen first keeps the connection HTTP
                return now;
            });
        });
        next.opened(soFar);
    }

    @Override
    public void write(ConnectionRecord record) {
        guarded(() -> closed(record));
        next.write(record);
    }

    @Override
    public void write(RequestRecord record) {
        guarded(() -> request(record));
        next.write(record);
    }

    /**
     * Counts as opened the TCP connections open for longer than the grace period, and forgets idle
     * request-only entries (called before each scrape).
     */
    public void promote() {
        long now = nanos.getAsLong();
        for (var entry : open.entrySet()) {
            Open o = entry.getValue();
            if (!o.http && now - o.since >= TCP_GRACE_NANOS && o.claimed.compareAndSet(false, true)) {
                metrics.tcpOpened(o.view.tcp(ResponseFlags.NONE));
            } else if (!o.announced && now - o.lastRequest >= HTTP_MARK_IDLE_NANOS) {
                open.remove(entry.getKey(), o);
            }
        }
    }

    /** Connections opened and not yet closed (a bounded map: one entry per live connection). */
    int tracked() {
        return open.size();
    }

    private void closed(ConnectionRecord record) {
        Open o = open.remove(key(record));
        String flags = ResponseFlags.of(record);
        if (o == null) {
            // never announced as opened (refused early, or a data plane that does not call opened())
            if (ResponseFlags.proxied(record)) {
                List<String> tcp = view(record).tcp(flags);
                metrics.tcpOpened(tcp);
                metrics.tcpClosed(tcp, record.bytesToClient(), record.bytesFromClient());
            }
            return;
        }
        boolean openCounted = !o.claimed.compareAndSet(false, true);
        if (o.http && !openCounted) {
            return; // an HTTP connection: its requests were counted, it has no TCP metrics
        }
        List<String> tcp = o.view.tcp(openCounted ? ResponseFlags.NONE : flags);
        if (!openCounted) {
            metrics.tcpOpened(tcp);
        }
        metrics.tcpClosed(tcp, record.bytesToClient(), record.bytesFromClient());
    }

    private void request(RequestRecord record) {
        Key key = new Key(record.direction(), record.source(), record.destination());
        // a request before opened() (or without it) marks the connection as HTTP all the same
        long now = nanos.getAsLong();
        Open o = open.computeIfAbsent(key, k -> new Open(view(record.direction(), record.source(), record.destination(),
                record.peer(), record.transport(), record.service(), Optional.empty()), now, false));
        o.http = true;
        o.lastRequest = now;
        Recent recent = o.recent;
        if (recent == null || recent.status() != record.status() || !recent.authority().equals(record.authority())) {
            IstioMetrics.RequestSeries series = metrics.requestSeries(o.view.request(record.authority(), record.status(),
                    ResponseFlags.NONE));
            recent = new Recent(record.authority(), record.status(), series);
            if (metrics.reusable(series)) {
                o.recent = recent;
            }
        }
        metrics.request(recent.series(), record.durationMs(), record.requestBytes(), record.responseBytes());
    }

    private ConnectionView view(ConnectionRecord r) {
        return view(r.direction(), r.source(), r.destination(), r.peer(), r.transport(), r.service(), r.upstream());
    }

    private ConnectionView view(Direction direction, InetSocketAddress source, InetSocketAddress destination,
                                Optional<String> peer, ConnectionRecord.Transport transport, Optional<String> service,
                                Optional<InetSocketAddress> upstream) {
        Indexed current = current();
        Optional<String> self = localPrincipal.get();
        return direction == Direction.INBOUND
                ? labels.inbound(current.snapshot(), current.services(), source, destination, peer, transport, self)
                : labels.outbound(current.snapshot(), destination, upstream, service, peer, transport, self);
    }

    /** The snapshot with its Service index, rebuilt only when the control plane pushed a new one. */
    private Indexed current() {
        MeshSnapshot snapshot = mesh.get();
        Indexed known = indexed;
        if (known.snapshot() != snapshot) {
            known = new Indexed(snapshot, ServiceIndex.of(snapshot));
            indexed = known;
        }
        return known;
    }

    private static Key key(ConnectionRecord r) {
        return new Key(r.direction(), r.source(), r.destination());
    }

    /** A metrics bug must not cost the connection or its log line. */
    private static void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warning("metrics: " + e);
        }
    }
}
