package dev.bollard.proxy.authz;

import java.util.List;

/**
 * One field of a source, operation or {@code when} condition: any of {@code values} (when given)
 * and none of {@code notValues}, as istiod builds it (an OR, and a NOT over an OR).
 *
 * @param at       the field's path, for messages
 * @param httpOnly Istio's TCP rule: the field needs an HTTP request
 */
record Condition(String at, boolean httpOnly, List<Term> values, List<Term> notValues) {
    Condition {
        values = List.copyOf(values);
        notValues = List.copyOf(notValues);
    }

    boolean isEmpty() {
        return values.isEmpty() && notValues.isEmpty();
    }

    boolean matches(Facts facts) {
        if (!values.isEmpty() && !any(values, facts)) {
            return false;
        }
        return !any(notValues, facts);
    }

    private static boolean any(List<Term> terms, Facts facts) {
        for (int i = 0; i < terms.size(); i++) {
            if (terms.get(i).test(facts)) {
                return true;
            }
        }
        return false;
    }
}
