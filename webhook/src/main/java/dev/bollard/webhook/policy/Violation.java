package dev.bollard.webhook.policy;

import java.util.Objects;

/** One finding about a policy: where ({@code spec.rules[0].to[0].operation.ports[1]}) and what. */
public record Violation(String path, String message) {
    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** The form every surface shows: {@code spec.portLevelMtls[0]: port must not be 0}. */
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
