package dev.bollard.proxy.log;


/**
 * The one line per HTTP request (pure), escaped as {@link ConnectionLogFormat} escapes:
 * <pre>
 * 2026-12-01T20:30:00.123Z inbound 10.250.0.2:41234 -> 10.250.0.3:8080 peer=spiffe://cluster.local/ns/demo/sa/a mtls http method=GET path=/admin/x authority=b:8080 status=403 bytes_in=78 bytes_out=91 duration_ms=0 rbac=deny rbac_policy=demo/deny-admin
 * 2026-12-01T20:30:01.000Z inbound 10.250.0.2:41234 -> 10.250.0.3:8080 peer=spiffe://cluster.local/ns/demo/sa/a mtls http method=GET path=/ authority=b:8080 status=200 bytes_in=78 bytes_out=512 duration_ms=3 rbac=allow rbac_policy=demo/allow-a rbac_shadow="dry-run deny demo/deny-all"
 * </pre>
 * {@code bytes_in}/{@code bytes_out} count the request's and the response's bytes as they crossed
 * the proxy, heads included; {@code status=0} means the connection ended before a response.
 * The decision is on every line of a workload that some AuthorizationPolicy selects: {@code rbac=},
 * the deciding {@code rbac_policy=} (and {@code rbac_reason="..."} when none decided, e.g. no ALLOW
 * policy matched), and {@code rbac_shadow="..."} for what AUDIT and dry-run policies would have done.
 * A line without {@code rbac=} is a request no policy applied to. A request the proxy refused
 * to parse has {@code method=- path=-} and status 400, 431 or 505.
 */
public final class RequestLogFormat {
    private RequestLogFormat() {
    }

    public static String format(RequestRecord r) {
        StringBuilder line = new StringBuilder(ConnectionLogFormat.LINE_CAPACITY);
        ConnectionLogFormat.timestamp(line, r.start());
        line.append(r.direction() == ConnectionRecord.Direction.INBOUND ? " inbound " : " outbound ");
        ConnectionLogFormat.address(line, r.source());
        ConnectionLogFormat.address(line.append(" -> "), r.destination());
        r.service().ifPresent(s -> line.append(" service=").append(ConnectionLogFormat.bare(s)));
        line.append(" peer=").append(r.peer().map(ConnectionLogFormat::bare).orElse("-"))
                .append(' ').append(ConnectionLogFormat.transport(r.transport()))
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
        r.authorization().ifPresent(d -> ConnectionLogFormat.authorization(line, d));
        return line.toString();
    }
}
