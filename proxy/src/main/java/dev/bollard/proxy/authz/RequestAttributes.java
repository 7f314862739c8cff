package dev.bollard.proxy.authz;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request head as AuthorizationPolicy sees it ({@code to.operation} and
 * {@code request.headers[...]}).
 *
 * @param method  as sent ({@code GET})
 * @param path    the request target as sent, query string included (Istio's {@code paths} match
 *                the path without the query)
 * @param host    the {@code Host} header (HTTP/1.1), as sent; empty when absent
 * @param headers lower-case header names to their values in arrival order
 */
public record RequestAttributes(String method, String path, String host, Map<String, List<String>> headers) {
    public RequestAttributes {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(host, "host");
        headers = Map.copyOf(headers);
    }
}
