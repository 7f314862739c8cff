package dev.bollard.proxy.telemetry;

import dev.bollard.proxy.log.ConnectionRecord;
import dev.bollard.proxy.log.ConnectionRecord.Direction;

/**
 * Envoy's short response flags, the {@code response_flags} label, for the few cases the
 * connection record can tell: {@code UF} when the upstream (the app inbound, the endpoint
 * outbound) could not be connected or refused the mTLS handshake, {@code -} otherwise (as Envoy
 * writes "no flag").
 */
final class ResponseFlags {
    static final String NONE = "-";
    static final String UPSTREAM_FAILURE = "UF";

    private ResponseFlags() {
    }

    static String of(ConnectionRecord record) {
        return record.refused().map(reason -> upstreamFailed(record.direction(), reason) ? UPSTREAM_FAILURE : NONE)
                .orElse(NONE);
    }

    /**
     * The reasons' wording is the data plane's (OutboundHandler, AppConnector): the record carries
     * the reason as text only.
     */
    static boolean upstreamFailed(Direction direction, String reason) {
        return switch (direction) {
            case INBOUND -> reason.startsWith("application at ");
            case OUTBOUND -> reason.startsWith("connect to ") || reason.startsWith("mTLS handshake with ");
        };
    }
}
