package dev.bollard.webhook.policy;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** AuthorizationPolicy actions; ALLOW when the field is absent. */
enum Action {
    ALLOW, DENY, AUDIT, CUSTOM;

    static final String NAMES = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

    static Optional<Action> parse(String text) {
        return Arrays.stream(values()).filter(a -> a.name().equals(text)).findFirst();
    }

    /** Actions that are never triggered without rules. */
    boolean needsRules() {
        return this == DENY || this == CUSTOM;
    }
}
