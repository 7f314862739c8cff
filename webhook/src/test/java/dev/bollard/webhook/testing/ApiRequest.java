package dev.bollard.webhook.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One request the API server received, as RBAC authorizes it: verb, API group, resource
 * (with its subresource), namespace and name. A list or watch narrowed by a
 * {@code metadata.name} field selector names its object, as the API server's authorizer sees it.
 */
public record ApiRequest(String verb, String group, String resource, String namespace, String name) {

    /** {@code method} and {@code path} (with its query) of an HTTP request; empty for discovery and other non-resource URLs. */
    public static Optional<ApiRequest> of(String method, String path) {
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        List<String> segments = List.of(path.replaceFirst("\\?.*", "").replaceFirst("^/", "").split("/"));
        int first;
        String group;
        if (segments.get(0).equals("api") && segments.size() > 2) {
            group = "";
            first = 2;
        } else if (segments.get(0).equals("apis") && segments.size() > 3) {
            group = segments.get(1);
            first = 3;
        } else {
            return Optional.empty();
        }
        List<String> rest = segments.subList(first, segments.size());
        String namespace = null;
        if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0) + (rest.size() > 2 ? "/" + rest.get(2) : "");
        String name = rest.size() > 1 ? rest.get(1) : fieldSelectedName(query);
        boolean named = rest.size() > 1;
        String verb = switch (method) {
            case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("HTTP method " + method + " has no RBAC verb");
        };
        return Optional.of(new ApiRequest(verb, group, resource, namespace, name));
    }

    private static String fieldSelectedName(String query) {
        for (String parameter : query.split("&")) {
            String decoded = URLDecoder.decode(parameter, StandardCharsets.UTF_8);
            if (decoded.startsWith("fieldSelector=metadata.name=")) {
                return decoded.substring("fieldSelector=metadata.name=".length());
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return verb + " " + (group.isEmpty() ? "" : group + "/") + resource + (namespace == null ? "" : " in " + namespace)
                + (name == null ? "" : " named " + name);
    }
}
