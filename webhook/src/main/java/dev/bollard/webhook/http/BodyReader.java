package dev.bollard.webhook.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body on the event loop, bounded in size and in time, so a slow or endless body
 * costs a buffer and a timer, never a thread; the resources hand the complete body to their pool
 * only then. The REST layer's own reading would move any body over 10 KiB to a blocking stream
 * on a worker thread, which is what let 200 slow bodies take every worker.
 *
 * <p>A refused body ({@link BodyRefused}: 413 once too large, 408 once past the deadline): after
 * the JSON answer the rest is read and dropped for a few seconds, then an HTTP/1.1 connection is
 * closed (its framing is lost) and on HTTP/2 only the stream is reset (CANCEL): the API server
 * sends all its admission calls over one shared connection.
 */
@ApplicationScoped
public class BodyReader {
    private static final Logger LOG = Logger.getLogger(BodyReader.class);
    private static final long HTTP2_CANCEL = 8;
    /** How long the rest of a refused body is read and dropped before the close or reset. */
    private static final long LINGER_MILLIS = 3000;

    private final Vertx vertx;

    BodyReader(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * The body, once complete. Reading starts after the calling resource method has returned, so
     * the stage never completes inside it, before the REST layer has suspended the request.
     */
    public CompletionStage<byte[]> read(RoutingContext context, BodyLimit limit) {
        Reading reading = new Reading(context, limit);
        vertx.runOnContext(ignored -> reading.start());
        return reading.result;
    }

    /** Closes what a refused body leaves behind once the answer is out; see the class comment. */
    void closeAfterAnswer(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        if (request.isEnded()) {
            return;
        }
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        if (!http2) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        // bytes still in flight are read and dropped for a moment, so the client reads our answer
        // instead of a reset (curl reports a stream reset after a complete answer as a failure)
        request.handler(discarded -> {
        });
        request.endHandler(ended -> {
            if (!http2) {
                request.connection().close();
            }
        });
        request.resume();
        context.addEndHandler(done -> vertx.setTimer(LINGER_MILLIS, id -> {
            if (request.isEnded()) {
                return;
            }
            if (http2) {
                response.reset(HTTP2_CANCEL);
            } else {
                request.connection().close();
            }
        }));
    }

    /** One body being read: its bytes so far, its deadline, and whether it is settled. */
    private final class Reading {
        private final RoutingContext context;
        private final BodyLimit limit;
        private final Buffer body = Buffer.buffer();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private long timer;

        Reading(RoutingContext context, BodyLimit limit) {
            this.context = context;
            this.limit = limit;
        }

        void start() {
            HttpServerRequest request = context.request();
            if (limit.announcedTooLarge(request.getHeader(HttpHeaders.CONTENT_LENGTH))) {
                refuse(BodyRefused.tooLarge(limit));
                return;
            }
            if (request.isEnded()) {
                result.complete(new byte[0]);
                return;
            }
            timer = vertx.setTimer(limit.deadline().toMillis(), id -> refuse(BodyRefused.tooSlow(limit)));
            request.handler(this::chunk);
            request.endHandler(ended -> complete());
            request.exceptionHandler(this::failed);
            if (request.version() != HttpVersion.HTTP_2 && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                context.response().writeContinue();
            }
            request.resume();
        }

        private void chunk(Buffer chunk) {
            if (result.isDone()) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit.maxBytes()) {
                refuse(BodyRefused.tooLarge(limit));
                return;
            }
            body.appendBuffer(chunk);
        }

        private void complete() {
            vertx.cancelTimer(timer);
            result.complete(body.getBytes());
        }

        private void failed(Throwable cause) {
            vertx.cancelTimer(timer);
            LOG.debugf("request body for %s ended abnormally: %s", limit.path(), cause.toString());
            result.completeExceptionally(BodyRefused.abandoned(limit));
        }

        private void refuse(BodyRefused refusal) {
            if (result.isDone()) {
                return;
            }
            vertx.cancelTimer(timer);
            closeAfterAnswer(context);
            result.completeExceptionally(refusal);
        }
    }
}
