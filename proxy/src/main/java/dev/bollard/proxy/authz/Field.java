package dev.bollard.proxy.authz;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What one field name or {@code when} key means: how one of its values compiles to a {@link Term}
 * and whether it needs HTTP. The mapping follows istiod's authz model (pilot/pkg/security/authz/model):
 * source fields and {@code source.*}/{@code remote.ip} keys are Envoy principals, operation fields
 * and {@code destination.*}/{@code connection.sni} permissions.
 */
record Field(boolean httpOnly, Compiler compiler) {
    /** Compiles one value; throws IllegalArgumentException for a value istiod could not build. */
    @FunctionalInterface
    interface Compiler {
        Term compile(String value);
    }

    private static final Field PRINCIPAL = new Field(false, v -> {
        StringMatch m = StringMatch.of(v, false);
        return f -> m.matches(f.principal);
    });
    private static final Field NAMESPACE = new Field(false, v -> {
        Glob g = new Glob("*/ns/" + v + "/*");
        return f -> g.matches(f.uri());
    });
    private static final Field TRUST_DOMAIN = new Field(false, v -> {
        StringMatch m = StringMatch.of(v, false);
        return f -> m.matches(f.trustDomain());
    });
    private static final Field SOURCE_IP = new Field(false, v -> {
        Cidr c = Cidr.parse(v);
        return f -> c.contains(f.source());
    });
    private static final Field DESTINATION_IP = new Field(false, v -> {
        Cidr c = Cidr.parse(v);
        return f -> c.contains(f.destination());
    });
    private static final Field PORT = new Field(false, v -> {
        int port = port(v);
        return f -> f.destinationPort() == port;
    });
    private static final Field SNI = new Field(false, v -> {
        StringMatch m = StringMatch.of(v, false);
        return f -> m.matches(f.sni());
    });
    private static final Field HOST = new Field(true, v -> {
        StringMatch m = StringMatch.header(v, true);
        return f -> m.matches(f.host());
    });
    private static final Field METHOD = new Field(true, v -> {
        StringMatch m = StringMatch.header(v, false);
        return f -> m.matches(f.request == null ? null : f.request.method());
    });
    private static final Field PATH = new Field(true, Field::path);
    /** requestPrincipals and request.auth.*: no JWT is ever validated in Bollard, so never present */
    private static final Field JWT = new Field(true, v -> Term.ABSENT);

    /** A {@code from.source} field without its {@code not} prefix, or null when unknown. */
    static Field source(String name, String policyNamespace) {
        return switch (name) {
            case "principals" -> PRINCIPAL;
            case "requestPrincipals" -> JWT;
            case "namespaces" -> NAMESPACE;
            case "serviceAccounts" -> serviceAccount(policyNamespace);
            case "trustDomains" -> TRUST_DOMAIN;
            case "ipBlocks", "remoteIpBlocks" -> SOURCE_IP; // remote = direct source: no gateway in front
            default -> null;
        };
    }

    /** A {@code to.operation} field without its {@code not} prefix, or null when unknown. */
    static Field operation(String name) {
        return switch (name) {
            case "hosts" -> HOST;
            case "ports" -> PORT;
            case "methods" -> METHOD;
            case "paths" -> PATH;
            default -> null;
        };
    }

    /** A {@code when} key, or null for an attribute istiod does not know (the rule is skipped). */
    static Field when(String key, String policyNamespace) {
        switch (key) {
            case "source.ip", "remote.ip":
                return SOURCE_IP;
            case "source.namespace":
                return NAMESPACE;
            case "source.principal":
                return PRINCIPAL;
            case "source.trustDomain":
                return TRUST_DOMAIN;
            case "source.serviceAccount":
                return serviceAccount(policyNamespace);
            case "destination.ip":
                return DESTINATION_IP;
            case "destination.port":
                return PORT;
            case "connection.sni":
                return SNI;
            case "request.auth.principal", "request.auth.audiences", "request.auth.presenter":
                return JWT;
            default:
                break;
        }
        if (key.startsWith("request.headers")) {
            return header("request.headers", key.substring("request.headers".length()), false);
        }
        if (key.startsWith("request.experimental.inline.headers")) {
            return header("request.experimental.inline.headers", key.substring("request.experimental.inline.headers".length()), true);
        }
        if (key.startsWith("request.auth.claims")) {
            String claims = key.substring("request.auth.claims".length());
            return bracketed(claims) == null ? invalid(true, "bad key (" + key + "): should be request.auth.claims[name]") : JWT;
        }
        if (key.startsWith("experimental.envoy.filters.")) {
            // Envoy filter metadata: nothing in Bollard writes it, so no value matches; not HTTP-only in istiod
            int open = key.indexOf('[');
            return open > 0 && key.endsWith("]") ? new Field(false, v -> Term.ABSENT)
                    : invalid(false, "bad key (" + key + "): should be experimental.envoy.filters.<filter>[<key>]");
        }
        return null;
    }

    private static Field header(String attribute, String brackets, boolean inline) {
        String name = bracketed(brackets);
        if (name == null) {
            return invalid(true, "bad key (" + attribute + brackets + "): should be " + attribute + "[<name>]");
        }
        String lower = name.toLowerCase(Locale.ROOT); // header names are case-insensitive
        return new Field(true, v -> {
            StringMatch m = StringMatch.header(v, false);
            return inline ? f -> m.matchesElement(f.header(lower)) : f -> m.matches(f.header(lower));
        });
    }

    /** {@code [name]} → name; null when not in brackets or empty. */
    private static String bracketed(String s) {
        return s.length() > 2 && s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : null;
    }

    private static Field invalid(boolean httpOnly, String message) {
        return new Field(httpOnly, v -> {
            throw new IllegalArgumentException(message);
        });
    }

    private static Term path(String value) {
        if (PathTemplate.isTemplate(value)) {
            PathTemplate t = PathTemplate.parse(value);
            return f -> {
                String p = f.path();
                return p != null && t.matches(p);
            };
        }
        StringMatch m = StringMatch.of(value, false);
        return f -> m.matches(f.path());
    }

    /** Istio's {@code serviceAccounts}: {@code sa} (in the policy's namespace) or {@code ns/sa}. */
    private static Field serviceAccount(String policyNamespace) {
        return new Field(false, v -> {
            int slash = v.indexOf('/');
            String ns = slash < 0 ? policyNamespace : v.substring(0, slash);
            String sa = slash < 0 ? v : v.substring(slash + 1);
            if (v.contains("*") || ns.isEmpty() || sa.isEmpty() || sa.contains("/")) {
                throw new IllegalArgumentException("'" + v + "' is not a service account ('name' or 'namespace/name')");
            }
            // istiod's regex: the namespace segment, then optional segments, then the sa segment
            Pattern p = Pattern.compile("spiffe://.+/ns/" + Pattern.quote(ns) + "/(.+/|)sa/" + Pattern.quote(sa) + "(/.+)?");
            return f -> f.uri() != null && p.matcher(f.uri()).matches();
        });
    }

    /** istiod's {@code strconv.ParseUint(v, 10, 32)} up to 65535: digits only, leading zeros allowed. */
    private static int port(String v) {
        int first = 0;
        while (first < v.length() - 1 && v.charAt(first) == '0') {
            first++;
        }
        String digits = v.substring(first);
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(digits) > 65535) {
            throw new IllegalArgumentException("'" + v + "' is not a port");
        }
        return Integer.parseInt(digits);
    }
}
