package dev.bollard.proxy.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A response the proxy writes itself, in Envoy's shape: {@code 403} with {@code RBAC: access denied}
 * for a denied request, {@code 400}/{@code 431}/{@code 505} for a request it will not parse
 * ({@code text/plain}, an exact {@code content-length}). {@code connection: close} when the proxy
 * closes after it; {@code connection: keep-alive} for an HTTP/1.0 client that asked to keep it.
 */
public final class LocalReply {
    public static final String DENIED_BODY = "RBAC: access denied";

    private LocalReply() {
    }

    public static byte[] denied(boolean close, boolean http10KeepAlive) {
        return of(403, DENIED_BODY, close, http10KeepAlive);
    }

    public static byte[] rejected(int status) {
        return of(status, reason(status), true, false);
    }

    static byte[] of(int status, String body, boolean close, boolean http10KeepAlive) {
        String head = String.format(Locale.ROOT, "HTTP/1.1 %d %s\r\ncontent-length: %d\r\ncontent-type: text/plain\r\n%s\r\n",
                status, reason(status), body.length(),
                close ? "connection: close\r\n" : http10KeepAlive ? "connection: keep-alive\r\n" : "");
        return (head + body).getBytes(StandardCharsets.US_ASCII);
    }

    static String reason(int status) {
        return switch (status) {
            case 403 -> "Forbidden";
            case 431 -> "Request Header Fields Too Large";
            case 505 -> "HTTP Version Not Supported";
            default -> "Bad Request";
        };
    }
}
