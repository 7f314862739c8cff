package dev.bollard.proxy.http;

import java.time.Instant;
import java.util.Optional;

import dev.bollard.proxy.authz.AuthzDecision;

/**
 * One request on a connection and its response, as far as they got: filled in by the request
 * guard and the response tracker, turned into a {@code RequestRecord} once both ended. Confined
 * to the connection's event loop.
 */
final class Exchange {
    final Instant start;
    final long startNanos;
    final String method;
    final String path;
    final String authority;
    final Optional<AuthzDecision> authorization;
    /** Sent on to the application; otherwise the proxy answers it ({@link #reply}). */
    final boolean forwarded;
    /** Upgrade or CONNECT: a 101 (or a 2xx to CONNECT) turns the connection into a byte relay. */
    final boolean switching;
    byte[] reply;
    boolean closeAfterReply;
    long requestBytes;
    long responseBytes;
    int status;
    boolean requestEnded;
    boolean responseEnded;
    /** The application's answer was not HTTP: no request line for this one. */
    boolean opaque;
    boolean logged;
    long endNanos;

    Exchange(Instant start, HttpHead head, Optional<AuthzDecision> authorization, boolean forwarded) {
        this.start = start;
        this.startNanos = System.nanoTime();
        this.method = head == null ? "-" : head.first();
        this.path = head == null ? "-" : head.second();
        this.authority = head == null ? "" : head.value("host").orElse("");
        this.authorization = authorization;
        this.forwarded = forwarded;
        this.switching = head != null && forwarded && switching(head);
    }

    /** {@code CONNECT}, or {@code Connection: upgrade} with an {@code Upgrade} header (RFC 9110 section 7.8). */
    static boolean switching(HttpHead head) {
        return head.first().equals("CONNECT")
                || head.tokens("connection").contains("upgrade") && head.value("upgrade").isPresent();
    }

    boolean connect() {
        return method.equals("CONNECT");
    }

    long durationMs() {
        return ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1_000_000;
    }
}
