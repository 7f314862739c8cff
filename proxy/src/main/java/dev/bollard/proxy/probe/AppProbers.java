package dev.bollard.proxy.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The app probes this proxy serves on its status port, keyed by path
 * ({@code /app-health/<container>/livez|readyz|startupz}, {@code /app-lifecycle/<container>/prestopz|poststartz}),
 * parsed from Istio's {@code ISTIO_KUBE_APP_PROBERS} JSON. A probe without a timeout gets kubelet's
 * default of 1 s; a lifecycle hook, which has none, gets 30 s (the default grace period).
 */
public record AppProbers(Map<String, AppProbe> byPath) {
    public static final String ENV = "ISTIO_KUBE_APP_PROBERS";
    public static final String HEALTH_PREFIX = "/app-health/";
    public static final String LIFECYCLE_PREFIX = "/app-lifecycle/";
    static final Duration PROBE_DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration HOOK_DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    public AppProbers {
        byPath = Map.copyOf(byPath);
    }

    public static AppProbers none() {
        return new AppProbers(Map.of());
    }

    /** Empty or absent text: no probes. Anything else must be Istio's JSON, else an IllegalArgumentException. */
    public static AppProbers parse(String json) {
        if (json == null || json.isBlank()) {
            return none();
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(ENV + " is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(ENV + " must be a JSON object of path -> probe, got " + json);
        }
        Map<String, AppProbe> probes = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            probes.put(e.getKey(), probe(e.getKey(), e.getValue()));
        }
        return new AppProbers(probes);
    }

    public Optional<AppProbe> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    public static boolean isProbePath(String path) {
        return path.startsWith(HEALTH_PREFIX) || path.startsWith(LIFECYCLE_PREFIX);
    }

    private static AppProbe probe(String path, JsonNode node) {
        String where = ENV + " " + path + ": ";
        if (!isProbePath(path)) {
            throw new IllegalArgumentException(where + "the path must start with " + HEALTH_PREFIX + " or " + LIFECYCLE_PREFIX);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + "must be an object with httpGet, tcpSocket or grpc");
        }
        Duration timeout = timeout(where, node.get("timeoutSeconds"),
                path.startsWith(LIFECYCLE_PREFIX) ? HOOK_DEFAULT_TIMEOUT : PROBE_DEFAULT_TIMEOUT);
        int handlers = (node.has("httpGet") ? 1 : 0) + (node.has("tcpSocket") ? 1 : 0) + (node.has("grpc") ? 1 : 0);
        if (handlers != 1) {
            throw new IllegalArgumentException(where + "needs exactly one of httpGet, tcpSocket, grpc");
        }
        if (node.has("httpGet")) {
            JsonNode get = node.get("httpGet");
            String scheme = text(where, get, "scheme").orElse("HTTP");
            if (!scheme.equalsIgnoreCase("HTTP") && !scheme.equalsIgnoreCase("HTTPS")) {
                throw new IllegalArgumentException(where + "httpGet.scheme must be HTTP or HTTPS, got " + scheme);
            }
            String p = text(where, get, "path").orElse("/");
            return new AppProbe.Http(p.startsWith("/") ? p : "/" + p, port(where + "httpGet.", get),
                    text(where, get, "host"), scheme.equalsIgnoreCase("HTTPS"), headers(where, get.get("httpHeaders")), timeout);
        }
        if (node.has("tcpSocket")) {
            JsonNode tcp = node.get("tcpSocket");
            return new AppProbe.Tcp(port(where + "tcpSocket.", tcp), text(where, tcp, "host"), timeout);
        }
        JsonNode grpc = node.get("grpc");
        return new AppProbe.Grpc(port(where + "grpc.", grpc), text(where, grpc, "service"), timeout);
    }

    private static int port(String where, JsonNode handler) {
        JsonNode port = handler == null ? null : handler.get("port");
        int value;
        if (port != null && port.isIntegralNumber() && port.canConvertToInt()) {
            value = port.intValue();
        } else if (port != null && port.isTextual() && port.asText().matches("[0-9]{1,5}")) {
            value = Integer.parseInt(port.asText());
        } else {
            throw new IllegalArgumentException(where + "port must be a number (the injector resolves named ports), got "
                    + port);
        }
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(where + "port " + value + " is outside 1-65535");
        }
        return value;
    }

    private static Duration timeout(String where, JsonNode seconds, Duration fallback) {
        if (seconds == null || seconds.isNull()) {
            return fallback;
        }
        if (!seconds.isIntegralNumber() || seconds.longValue() < 0) {
            throw new IllegalArgumentException(where + "timeoutSeconds must be a whole number of seconds, got " + seconds);
        }
        return seconds.longValue() == 0 ? fallback : Duration.ofSeconds(seconds.longValue());
    }

    private static List<AppProbe.Header> headers(String where, JsonNode list) {
        List<AppProbe.Header> headers = new ArrayList<>();
        if (list == null || list.isNull()) {
            return headers;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException(where + "httpGet.httpHeaders must be a list of {name, value}");
        }
        for (JsonNode h : list) {
            String name = text(where, h, "name").orElseThrow(
                    () -> new IllegalArgumentException(where + "an httpHeaders entry has no name"));
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException(where + "header name '" + name + "' is not a valid HTTP token");
            }
            headers.add(new AppProbe.Header(name, text(where, h, "value").orElse("")));
        }
        return headers;
    }

    /** Control characters would split the request the proxy writes to the app, so none are taken. */
    private static Optional<String> text(String where, JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(where + field + " must be a string, got " + value);
        }
        String s = value.asText();
        if (s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new IllegalArgumentException(where + field + " contains a control character");
        }
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
