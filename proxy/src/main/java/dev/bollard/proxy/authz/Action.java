package dev.bollard.proxy.authz;

import java.util.Locale;

/** AuthorizationPolicy {@code action}; Envoy evaluates them in the order CUSTOM, AUDIT, DENY, ALLOW. */
public enum Action {
    ALLOW, DENY, AUDIT, CUSTOM;

    /** {@code action} as the feed sends it; missing or "" means ALLOW, Istio's enum zero value. */
    static Action parse(String text, String at) {
        if (text.isEmpty()) {
            return ALLOW;
        }
        try {
            return valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": '" + text + "' is not one of ALLOW, DENY, AUDIT, CUSTOM");
        }
    }

    /**
     * istiod fails safe by action: a value it cannot build makes an ALLOW rule match nothing
     * (smaller allow), but only drops that value from a DENY, AUDIT or CUSTOM rule (wider deny).
     */
    boolean skipsRuleOnBadValue() {
        return this == ALLOW;
    }

    String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
