package dev.bollard.proxy.log;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.bollard.proxy.authz.AuthzDecision;

/**
 * The one line per connection, as the contract spells it (pure):
 * <pre>
 * 2026-12-01T20:30:00.123Z inbound 10.250.0.2:41234 -> 10.250.0.3:8080 peer=spiffe://cluster.local/ns/demo/sa/a mtls bytes_in=78 bytes_out=512 duration_ms=12 policy=demo/default mode=STRICT
 * 2026-12-01T20:30:02.000Z outbound 10.250.0.2:41234 -> 10.250.0.3:8080 peer=spiffe://cluster.local/ns/demo/sa/b mtls bytes_out=78 bytes_in=512 duration_ms=12
 * 2026-12-01T20:30:05.000Z outbound 10.250.0.2:41260 -> 10.96.0.20:80 upstream=10.250.0.3:8080 service=demo/b peer=spiffe://cluster.local/ns/demo/sa/b mtls bytes_out=78 bytes_in=512 duration_ms=12
 * </pre>
 * A connection to a Service's ClusterIP names the Service ({@code service=}) and, when the proxy
 * dialled one of its endpoints itself, that endpoint ({@code upstream=}); a passthrough to the
 * ClusterIP has no {@code upstream=}, kube-proxy chose the pod.
 * {@code bytes_in}/{@code bytes_out} are named from the pod's side, as the contract's examples
 * read: inbound, what the client sends comes in ({@code bytes_in} first); outbound, what the
 * application sends goes out ({@code bytes_out} first). Either way the first counter is the
 * client-to-server direction. {@code policy=} is printed when a policy decided and the connection
 * was not refused (a refusal names the policy in its reason already). A connection that
 * AuthorizationPolicy decided as TCP (not HTTP: those are decided per request, on the request
 * lines) says how: {@code rbac=allow rbac_policy=demo/allow-a}, {@code rbac=deny rbac_policy=demo/deny-c}
 * (then also {@code refused=}), or, when no policy decided, {@code rbac_policy=- rbac_reason="..."}.
 * <p>
 * Nothing a peer controls can forge a line: in unquoted values every byte outside printable ASCII,
 * the space, {@code "} and {@code \} are written as {@code \}{@code uXXXX}; inside the quoted
 * reason only {@code "}, {@code \} and non-printables are escaped.
 */
public final class ConnectionLogFormat {
    private static final DateTimeFormatter TO_THE_SECOND =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    /**
     * The last second formatted, shared by all threads: lines come many to a second, and the
     * formatter's field-by-field printing was the largest single cost of a request's log line.
     */
    private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

    private record Second(long epochSecond, String text) {
    }

    /**
     * A line's usual length and then some (a timestamp, two addresses, a SPIFFE ID, counters; a
     * request line adds method, path and authority), so the builder is not regrown and copied midway.
     */
    static final int LINE_CAPACITY = 384;
    private static final String[] TRANSPORTS = java.util.Arrays.stream(ConnectionRecord.Transport.values())
            .map(t -> t.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    private ConnectionLogFormat() {
    }

    /** {@code mtls}, {@code plaintext}, {@code passthrough}: the transport as the line spells it. */
    static String transport(ConnectionRecord.Transport t) {
        return TRANSPORTS[t.ordinal()];
    }

    public static String format(ConnectionRecord r) {
        StringBuilder line = new StringBuilder(LINE_CAPACITY);
        timestamp(line, r.start());
        line.append(r.direction() == ConnectionRecord.Direction.INBOUND ? " inbound " : " outbound ");
        address(line, r.source());
        address(line.append(" -> "), r.destination());
        r.upstream().ifPresent(u -> address(line.append(" upstream="), u));
        r.service().ifPresent(s -> line.append(" service=").append(bare(s)));
        line
                .append(" peer=").append(r.peer().map(ConnectionLogFormat::bare).orElse("-"))
                .append(' ').append(transport(r.transport()));
        if (r.direction() == ConnectionRecord.Direction.INBOUND) {
            line.append(" bytes_in=").append(r.bytesFromClient()).append(" bytes_out=").append(r.bytesToClient());
        } else {
            line.append(" bytes_out=").append(r.bytesFromClient()).append(" bytes_in=").append(r.bytesToClient());
        }
        line.append(" duration_ms=").append(r.durationMs());
        if (r.refused().isEmpty()) {
            r.policy().filter(p -> !p.isEmpty()).ifPresent(p -> line.append(" policy=").append(bare(p)));
        }
        r.mode().ifPresent(m -> line.append(" mode=").append(m.name()));
        r.authorization().ifPresent(d -> authorization(line, d));
        r.refused().ifPresent(reason -> line.append(" refused=\"").append(quoted(reason)).append('"'));
        return line.toString();
    }

    /** What AuthorizationPolicy decided, as {@link AuthzDecision#logFields()} renders it (nothing when no policy applied). */
    static void authorization(StringBuilder line, AuthzDecision d) {
        String fields = d.logFields();
        if (!fields.isEmpty()) {
            line.append(' ').append(fields);
        }
    }

    /** Appends {@code at} as {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'}, in UTC. */
    static void timestamp(StringBuilder line, java.time.Instant at) {
        Second second = lastSecond;
        if (second.epochSecond() != at.getEpochSecond()) {
            second = new Second(at.getEpochSecond(), TO_THE_SECOND.format(at));
            lastSecond = second;
        }
        int millis = at.getNano() / 1_000_000;
        line.append(second.text()).append('.')
                .append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10))
                .append('Z');
    }

    static String address(InetSocketAddress a) {
        return address(new StringBuilder(48), a).toString();
    }

    /** Appends {@code a} as {@code ip:port} ({@code [ip]:port} for IPv6, without a zone), or {@code -}. */
    static StringBuilder address(StringBuilder line, InetSocketAddress a) {
        if (a == null) {
            return line.append('-');
        }
        if (a.getAddress() == null) {
            return line.append(bare(a.getHostString())).append(':').append(a.getPort());
        }
        String host = a.getAddress().getHostAddress();
        if (a.getAddress() instanceof Inet6Address) {
            int scope = host.indexOf('%');
            return line.append('[').append(bare(scope < 0 ? host : host.substring(0, scope))).append("]:").append(a.getPort());
        }
        return line.append(host).append(':').append(a.getPort());
    }

    /** A value without quotes: no spaces, quotes, backslashes or non-printables survive unescaped. */
    public static String bare(String value) {
        int clean = 0;
        while (clean < value.length() && barePrintable(value.charAt(clean))) {
            clean++;
        }
        if (clean == value.length()) {
            return value; // the usual case: nothing to escape, nothing to copy
        }
        StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, clean);
        for (int i = clean; i < value.length(); i++) {
            char c = value.charAt(i);
            if (barePrintable(c)) {
                out.append(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** The refusal reason inside {@code "..."}: spaces kept, the rest as in {@link #bare}. */
    public static String quoted(String value) {
        int clean = 0;
        while (clean < value.length() && quotedPrintable(value.charAt(clean))) {
            clean++;
        }
        if (clean == value.length()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, clean);
        for (int i = clean; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean barePrintable(char c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != '\\';
    }

    private static boolean quotedPrintable(char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }
}
