package dev.bollard.webhook.policy;

import java.util.List;
import java.util.Optional;

/**
 * Source identities. Istio principals are SPIFFE IDs without the scheme,
 * {@code <trust-domain>/ns/<namespace>/sa/<service-account>}, and namespaces are RFC 1123 labels,
 * but istiod takes any non-empty principal or namespace (a SPIRE path is a legal principal that
 * simply never matches an Istio workload), so those checks are advice. serviceAccounts
 * ({@code <sa>} or {@code <namespace>/<sa>}, no wildcard) and trust domains (no {@code /},
 * {@code *} only as a prefix, suffix or alone) are refused as istiod refuses them.
 */
final class Identities {
    static final String PRINCIPAL_FORM = "<trust-domain>/ns/<namespace>/sa/<service-account>";
    private static final String SPIFFE_SCHEME = "spiffe://";
    // character scans, not regexes: a 3 MiB policy holds 90,000 principals, each checked once
    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789.-";
    private static final String TRUST_DOMAIN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
    // serviceAccounts is capped in Istio to bound the generated proxy config
    static final int MAX_SERVICE_ACCOUNTS = 16;
    private static final int MAX_SERVICE_ACCOUNT_LENGTH = 320;

    /** The five segments of a principal, in order; odd ones are fixed words. */
    private static final List<String> LAYOUT = List.of("", "ns", "", "sa", "");

    private Identities() {
    }

    static Optional<String> checkPrincipal(String value) {
        Optional<String> position = Wildcards.checkPosition(value);
        if (position.isPresent()) {
            return position;
        }
        if (value.startsWith(SPIFFE_SCHEME)) {
            return Optional.of("\"" + value + "\": principals are written without the spiffe:// scheme, as " + PRINCIPAL_FORM
                    + "; as written it never matches");
        }
        Wildcards.Form form = Wildcards.form(value);
        if (form == Wildcards.Form.ANY || principalShape(Wildcards.fixedPart(value), form)) {
            return Optional.empty();
        }
        return Optional.of("\"" + value + "\" is not an Istio principal (" + PRINCIPAL_FORM
                + "): it matches no workload of an Istio mesh, only a peer with that exact SPIFFE ID");
    }

    private static boolean principalShape(String fixed, Wildcards.Form form) {
        // a limit: a principal of a million slashes needs no million parts to be refused
        String[] parts = fixed.split("/", LAYOUT.size() + 1);
        if (parts.length > LAYOUT.size() || form == Wildcards.Form.EXACT && parts.length != LAYOUT.size()) {
            return false;
        }
        // a suffix pattern lines up with the end of the layout, the others with its start
        int offset = form == Wildcards.Form.SUFFIX ? LAYOUT.size() - parts.length : 0;
        for (int i = 0; i < parts.length; i++) {
            boolean partial = form == Wildcards.Form.PREFIX && i == parts.length - 1
                    || form == Wildcards.Form.SUFFIX && i == 0;
            if (!segmentMatches(offset + i, parts[i], partial, form)) {
                return false;
            }
        }
        return true;
    }

    private static boolean segmentMatches(int position, String part, boolean partial, Wildcards.Form form) {
        String word = LAYOUT.get(position);
        if (!word.isEmpty()) {
            return partial ? (form == Wildcards.Form.PREFIX ? word.startsWith(part) : word.endsWith(part)) : word.equals(part);
        }
        if (partial) {
            return onlyOf(part, position == 0 ? TRUST_DOMAIN_CHARS : NAME_CHARS);
        }
        return switch (position) {
            case 0 -> !part.isEmpty() && onlyOf(part, TRUST_DOMAIN_CHARS);
            case 2 -> isNamespace(part);
            default -> part.length() <= 253 && isDnsSubdomain(part);
        };
    }

    /** The trust domain a principal names, when it names one completely (not {@code *}, not {@code *td/...}). */
    static Optional<String> trustDomain(String principal) {
        Wildcards.Form form = Wildcards.form(principal);
        if (form == Wildcards.Form.ANY || form == Wildcards.Form.SUFFIX) {
            return Optional.empty();
        }
        int slash = principal.indexOf('/');
        return slash > 0 ? Optional.of(principal.substring(0, slash)) : Optional.empty();
    }

    static Optional<String> checkNamespace(String value) {
        Optional<String> position = Wildcards.checkPosition(value);
        if (position.isPresent()) {
            return position;
        }
        Wildcards.Form form = Wildcards.form(value);
        String fixed = Wildcards.fixedPart(value);
        boolean ok = switch (form) {
            case ANY -> true;
            case EXACT -> isNamespace(fixed);
            default -> fixed.length() <= 63 && onlyOf(fixed, NAME_CHARS) && !fixed.contains(".");
        };
        return ok ? Optional.empty()
                : Optional.of("\"" + value + "\" is not a namespace name (lowercase RFC 1123 label, at most 63 characters),"
                        + " so it matches no namespace");
    }

    private static boolean isNamespace(String name) {
        return name.length() <= 63 && isDnsLabel(name, 0, name.length());
    }

    /** RFC 1123 subdomain: dot-separated labels. */
    private static boolean isDnsSubdomain(String name) {
        int start = 0;
        while (true) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (!isDnsLabel(name, start, end)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    /** RFC 1123 label in {@code name[start, end)}: lower-case alphanumerics and '-', alphanumeric at both ends. */
    private static boolean isDnsLabel(String name, int start, int end) {
        if (start >= end || name.charAt(start) == '-' || name.charAt(end - 1) == '-') {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyOf(String text, String allowed) {
        for (int i = 0; i < text.length(); i++) {
            if (allowed.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Istio's rule for trust domains ({@code source.trustDomains}, the {@code source.trustDomain} key):
     * a name without {@code /} (no scheme, no path), matched exactly, by prefix ({@code td*}), by
     * suffix ({@code *td}) or by presence ({@code *}).
     */
    static Optional<String> checkTrustDomain(String value) {
        if (value.contains("/")) {
            return Optional.of("\"" + value + "\" is not a trust domain: it must not contain \"/\""
                    + " (write the trust domain alone, e.g. cluster.local, without spiffe:// or a path)");
        }
        if (Wildcards.checkPosition(value).isPresent()) {
            return Optional.of("\"" + value + "\": a trust domain matches exactly, by prefix (td*), by suffix (*td) or as \"*\";"
                    + " \"*\" is not supported anywhere else");
        }
        return Optional.empty();
    }

    /** Istio's rule for serviceAccounts: {@code sa} or {@code namespace/sa}, no wildcard, at most 320 characters. */
    static Optional<String> checkServiceAccount(String value) {
        if (value.contains("*")) {
            return Optional.of("\"" + value + "\": wildcard is not supported in serviceAccounts");
        }
        if (value.length() > MAX_SERVICE_ACCOUNT_LENGTH) {
            return Optional.of("must not exceed " + MAX_SERVICE_ACCOUNT_LENGTH + " characters");
        }
        String[] parts = value.split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty() || parts.length == 2 && parts[1].isEmpty()) {
            return Optional.of("\"" + value + "\" is not of the form <service-account> or <namespace>/<service-account>");
        }
        return Optional.empty();
    }
}
