package dev.bollard.proxy.log;

import java.util.Locale;

/**
 * The one line per HTTP request (pure), escaped as {@link ConnectionLogFormat} escapes:
 * <pre>
 * 2026-12-01T20:30:00.123Z inbound 10.250.0.2:41234 -> 10.250.0.3:8080 peer=spiffe://cluster.local/ns/demo/sa/a mtls http method=GET path=/admin/x authority=b:8080 status=403 bytes_in=78 bytes_out=19 duration_ms=0
 * </pre>
 */
public final class RequestLogFormat {
    private RequestLogFormat() {
    }

    public static String format(RequestRecord r) {
        StringBuilder line = new StringBuilder(200);
        line.append(ConnectionLogFormat.timestamp(r.start()))
                .append(r.direction() == ConnectionRecord.Direction.INBOUND ? " inbound " : " outbound ")
                .append(ConnectionLogFormat.address(r.source())).append(" -> ").append(ConnectionLogFormat.address(r.destination()));
        r.service().ifPresent(s -> line.append(" service=").append(ConnectionLogFormat.bare(s)));
        line.append(" peer=").append(r.peer().map(ConnectionLogFormat::bare).orElse("-"))
                .append(' ').append(r.transport().name().toLowerCase(Locale.ROOT))
                .append(" http method=").append(ConnectionLogFormat.bare(r.method()))
                .append(" path=").append(ConnectionLogFormat.bare(r.path()))
                .append(" authority=").append(r.authority().isEmpty() ? "-" : ConnectionLogFormat.bare(r.authority()))
                .append(" status=").append(r.status());
        if (r.direction() == ConnectionRecord.Direction.INBOUND) {
            line.append(" bytes_in=").append(r.requestBytes()).append(" bytes_out=").append(r.responseBytes());
        } else {
            line.append(" bytes_out=").append(r.requestBytes()).append(" bytes_in=").append(r.responseBytes());
        }
        line.append(" duration_ms=").append(r.durationMs());
        return line.toString();
    }
}
