package dev.bollard.proxy.http;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.bollard.proxy.log.ConnectionEntry;
import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.log.ConnectionRecord.Direction;
import dev.bollard.proxy.log.ConnectionRecord.Transport;
import dev.bollard.proxy.log.RequestRecord;
import dev.bollard.proxy.relay.Relay;
import dev.bollard.proxy.relay.Upstreams;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

/**
 * What the two directions of one HTTP/1.1 connection share: the requests in order, so that the
 * proxy's own answers (a 403 for request N) go out after the application's responses to the
 * requests before N and before the responses after it, as HTTP/1.1 pipelining requires. The head
 * of {@link #order} is always a forwarded request awaiting the application's response: an answer
 * of the proxy's own is written as soon as it reaches the head. Confined to the event loop.
 */
final class HttpConnection {
    /**
     * Requests that may wait for their turn; a client that pipelines more is cut off (each one
     * costs memory, and no real client pipelines this deep).
     */
    static final int MAX_WAITING = 256;

    /** The connection as every request line names it. */
    record Origin(InetSocketAddress source, InetSocketAddress destination, Optional<String> peer, Transport transport) {
    }

    /** The request side, told when the application switched protocols or declined to. */
    interface Switch {
        void switched();

        void declined();
    }

    private final Channel downstream;
    private final ConnectionEntry entry;
    private final ConnectionLog log;
    private final Origin origin;
    private final ArrayDeque<Exchange> order = new ArrayDeque<>();
    private final List<Exchange> unlogged = new ArrayList<>();
    private Switch requests;
    private boolean opaque;
    private boolean closing;

    HttpConnection(Channel downstream, ConnectionEntry entry, ConnectionLog log, Origin origin) {
        this.downstream = downstream;
        this.entry = entry;
        this.log = log;
        this.origin = origin;
    }

    void requests(Switch value) {
        requests = value;
    }

    ConnectionEntry entry() {
        return entry;
    }

    /** A new request, forwarded or to be answered by the proxy; false when too many wait. */
    boolean add(Exchange ex) {
        if (order.size() >= MAX_WAITING) {
            entry.refuse("over " + MAX_WAITING + " pipelined HTTP requests waiting for responses");
            Upstreams.reset(downstream);
            return false;
        }
        unlogged.add(ex);
        order.add(ex);
        if (!ex.forwarded) {
            if (opaque) {
                // without the application's response framing the answer cannot be put in its place
                order.remove(ex);
                ex.responseEnded = true;
                close();
            } else if (order.peek() == ex) {
                replyAtHead();
            }
        }
        return true;
    }

    /** The forwarded request the application answers next, or null. */
    Exchange awaitingResponse() {
        Exchange head = order.peek();
        return head != null && head.forwarded ? head : null;
    }

    void requestEnded(Exchange ex) {
        ex.requestEnded = true;
        maybeLog(ex);
    }

    void responseEnded(Exchange ex) {
        ex.responseEnded = true;
        ex.endNanos = System.nanoTime();
        order.remove(ex);
        maybeLog(ex);
        while (!order.isEmpty() && !order.peek().forwarded && !closing) {
            replyAtHead();
        }
    }

    /** The application switched protocols for {@code ex}: from now on both directions are bytes. */
    void switched(Exchange ex) {
        ex.requestEnded = true;
        responseEnded(ex);
        requests.switched();
    }

    /** The application answered an upgrade or CONNECT without switching: parse requests again. */
    void declined() {
        requests.declined();
    }

    /** The application's bytes are not HTTP (or not framed as the proxy understands): stop tracking. */
    void lostTracking() {
        opaque = true;
        boolean answersWaiting = false;
        for (Exchange ex : order) {
            ex.opaque |= ex.forwarded;
            answersWaiting |= !ex.forwarded;
        }
        order.removeIf(ex -> ex.forwarded);
        if (answersWaiting) {
            close();
        }
    }

    /** The connection ended: every request not logged yet is, with what it got (status 0: no response). */
    void end() {
        for (Exchange ex : List.copyOf(unlogged)) {
            ex.requestEnded = true;
            ex.responseEnded = true;
            maybeLog(ex);
        }
        order.clear();
    }

    private void replyAtHead() {
        Exchange ex = order.poll();
        byte[] reply = ex.reply;
        entry.toClient(reply.length);
        ex.responseBytes = reply.length;
        ex.status = statusOf(reply);
        ex.endNanos = System.nanoTime();
        ex.responseEnded = true;
        maybeLog(ex);
        if (ex.closeAfterReply) {
            closing = true;
            downstream.writeAndFlush(Unpooled.wrappedBuffer(reply)).addListener(done -> Relay.close(downstream));
        } else {
            downstream.writeAndFlush(Unpooled.wrappedBuffer(reply), downstream.voidPromise());
        }
    }

    private void close() {
        closing = true;
        downstream.eventLoop().execute(() -> Relay.close(downstream));
    }

    private void maybeLog(Exchange ex) {
        if (ex.logged || !ex.requestEnded || !ex.responseEnded) {
            return;
        }
        ex.logged = true;
        unlogged.remove(ex);
        if (ex.opaque) {
            return;
        }
        try {
            log.write(new RequestRecord(ex.start, Direction.INBOUND, origin.source(), origin.destination(), origin.peer(),
                    origin.transport(), ex.method, ex.path, ex.authority, ex.status, ex.requestBytes, ex.responseBytes,
                    ex.durationMs(), ex.authorization, Optional.empty()));
        } catch (RuntimeException e) {
            System.err.println("connection log: " + e); // a broken log sink must not break the data plane
        }
    }

    /** The status code of a reply this class wrote: {@code HTTP/1.1 NNN ...}. */
    private static int statusOf(byte[] reply) {
        return (reply[9] - '0') * 100 + (reply[10] - '0') * 10 + (reply[11] - '0');
    }
}
