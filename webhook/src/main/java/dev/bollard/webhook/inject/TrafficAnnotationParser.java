package dev.bollard.webhook.inject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the comma-separated lists of Istio's traffic annotations into the normalised text the
 * init container's flags take. Validation is strict and names the annotation, because a typo
 * here silently moves traffic in or out of the mesh.
 */
final class TrafficAnnotationParser {
    static final String WILDCARD = "*";
    // Linux interface names are at most 15 bytes (IFNAMSIZ - 1); a trailing + is iptables' prefix match
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@:-]{0,14}\\+?");

    private TrafficAnnotationParser() {
    }

    /** A port list, optionally {@code *}; returns the ports joined by commas, duplicates removed. */
    static String ports(String annotation, String value, boolean wildcardAllowed) {
        String trimmed = value.trim();
        if (WILDCARD.equals(trimmed)) {
            if (!wildcardAllowed) {
                throw new InvalidAnnotationException(annotation, value, "\"*\" is not allowed here; list the ports");
            }
            return WILDCARD;
        }
        Set<Integer> ports = new LinkedHashSet<>();
        for (String item : items(trimmed)) {
            ports.add(port(annotation, value, item));
        }
        return join(new ArrayList<>(ports));
    }

    /** A CIDR list, optionally {@code *}; IPv4 and IPv6. */
    static String cidrs(String annotation, String value, boolean wildcardAllowed) {
        String trimmed = value.trim();
        if (WILDCARD.equals(trimmed)) {
            if (!wildcardAllowed) {
                throw new InvalidAnnotationException(annotation, value, "\"*\" is not allowed here; list CIDRs");
            }
            return WILDCARD;
        }
        Set<String> cidrs = new LinkedHashSet<>();
        for (String item : items(trimmed)) {
            try {
                cidrs.add(Cidr.parse(item).toString());
            } catch (IllegalArgumentException e) {
                throw new InvalidAnnotationException(annotation, value, e.getMessage());
            }
        }
        return String.join(",", cidrs);
    }

    /** Network interface names. */
    static String interfaces(String annotation, String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String item : items(value.trim())) {
            if (!INTERFACE.matcher(item).matches()) {
                throw new InvalidAnnotationException(annotation, value, "\"" + item + "\" is not a network interface name");
            }
            names.add(item);
        }
        return String.join(",", names);
    }

    static String join(List<Integer> ports) {
        StringBuilder out = new StringBuilder();
        for (int port : ports) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(port);
        }
        return out.toString();
    }

    private static int port(String annotation, String value, String item) {
        int port;
        try {
            port = Integer.parseInt(item);
        } catch (NumberFormatException e) {
            throw new InvalidAnnotationException(annotation, value, "\"" + item + "\" is not a port number (1-65535)");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidAnnotationException(annotation, value, "port " + item + " is outside 1-65535");
        }
        return port;
    }

    private static List<String> items(String value) {
        List<String> items = new ArrayList<>();
        if (value.isEmpty()) {
            return items;
        }
        for (String raw : value.split(",", -1)) {
            String item = raw.trim();
            // "80, 90," from a templated manifest: blanks carry no meaning, skip them as Istio does
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }
}
