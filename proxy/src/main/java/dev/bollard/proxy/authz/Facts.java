package dev.bollard.proxy.authz;

import java.net.InetAddress;
import java.util.List;

/**
 * One connection or request as the compiled rules read it, built once per decision. What more than
 * one rule may need (the SPIFFE URI, the trust domain, the normalized path) is derived once, on
 * first use.
 */
final class Facts {
    private static final String SPIFFE = "spiffe://";

    final ConnectionAttributes connection;
    /** null for a connection that is not HTTP */
    final RequestAttributes request;
    /** the peer's principal without {@code spiffe://}, null without mTLS */
    final String principal;
    private String uri;
    private String trustDomain;
    private String path;

    Facts(ConnectionAttributes connection, RequestAttributes request) {
        this.connection = connection;
        this.request = request;
        String p = connection.principal().orElse(null);
        // the seam says Istio form; a caller that passed the URI would otherwise match nothing
        this.principal = p != null && p.startsWith(SPIFFE) ? p.substring(SPIFFE.length()) : p;
    }

    InetAddress source() {
        return connection.source().getAddress();
    }

    InetAddress destination() {
        return connection.destination().getAddress();
    }

    int destinationPort() {
        return connection.destination().getPort();
    }

    String sni() {
        return connection.sni().orElse(null);
    }

    /** The URI SAN Envoy matches namespace regexes against; null without a peer. */
    String uri() {
        if (uri == null && principal != null) {
            uri = SPIFFE + principal;
        }
        return uri;
    }

    /** The principal's first segment; null without a peer. */
    String trustDomain() {
        if (trustDomain == null && principal != null) {
            int slash = principal.indexOf('/');
            trustDomain = slash < 0 ? principal : principal.substring(0, slash);
        }
        return trustDomain;
    }

    String path() {
        if (path == null && request != null) {
            path = BasePath.normalize(request.path());
        }
        return path;
    }

    /** {@code Host} / {@code :authority}; null when absent. */
    String host() {
        return request == null || request.host().isEmpty() ? null : request.host();
    }

    /**
     * A header as Envoy's header matcher sees it: all values joined with {@code ,}; null when
     * absent. Pseudo-headers come from the request line.
     */
    String header(String lowerName) {
        if (request == null) {
            return null;
        }
        switch (lowerName) {
            case ":authority":
                return host();
            case ":method":
                return request.method();
            case ":path":
                return request.path();
            default:
                break;
        }
        List<String> values = request.headers().get(lowerName);
        if (values == null || values.isEmpty()) {
            // Envoy keeps an HTTP/1 Host header as :authority; a caller may have left it out of the map
            return lowerName.equals("host") ? host() : null;
        }
        return values.size() == 1 ? values.get(0) : String.join(",", values);
    }
}
