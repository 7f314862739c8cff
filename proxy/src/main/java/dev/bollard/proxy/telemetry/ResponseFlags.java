package dev.bollard.proxy.telemetry;

import java.util.List;

import dev.bollard.proxy.log.ConnectionRecord;
import dev.bollard.proxy.log.ConnectionRecord.Direction;

/**
 * What a connection's refusal means for the metrics, read from the connection record's reason
 * (the record carries it as text only; the wording is the data plane's: OutboundHandler,
 * AppConnector, SniffHandler, InboundPolicy, SecureNaming).
 *
 * <ul>
 * <li>{@code response_flags}: Envoy's short flags for the cases the record tells: {@code UF} when
 *     the upstream (the app inbound, the endpoint outbound) could not be connected or failed the
 *     mTLS handshake or secure naming (Envoy: an upstream TLS failure is an upstream connection
 *     failure), {@code -} otherwise, as Envoy writes "no flag".</li>
 * <li>Whether it was proxied at all: Envoy counts nothing for a connection that matched no filter
 *     chain (STRICT plaintext), failed the downstream handshake, or was not redirected; so neither
 *     do we.</li>
 * </ul>
 */
final class ResponseFlags {
    static final String NONE = "-";
    static final String UPSTREAM_FAILURE = "UF";

    private static final List<String> INBOUND_UPSTREAM = List.of("application at ");
    private static final List<String> OUTBOUND_UPSTREAM = List.of("connect to ", "mTLS handshake with ", "peer at ",
            "peer certificate ", "peer identity ", "no workload certificate yet");
    private static final List<String> NEVER_PROXIED = List.of("no original destination",
            "plaintext connection refused by STRICT", "mTLS offered before", "mTLS handshake failed", "peer has no SPIFFE ID");

    private ResponseFlags() {
    }

    static String of(ConnectionRecord record) {
        return record.refused().map(reason -> upstreamFailed(record.direction(), reason) ? UPSTREAM_FAILURE : NONE)
                .orElse(NONE);
    }

    static boolean upstreamFailed(Direction direction, String reason) {
        List<String> prefixes = direction == Direction.INBOUND ? INBOUND_UPSTREAM : OUTBOUND_UPSTREAM;
        return prefixes.stream().anyMatch(reason::startsWith);
    }

    /** False for a connection refused before Envoy would have proxied it (no metrics at all). */
    static boolean proxied(ConnectionRecord record) {
        return record.refused().map(reason -> NEVER_PROXIED.stream().noneMatch(reason::startsWith)).orElse(true);
    }
}
