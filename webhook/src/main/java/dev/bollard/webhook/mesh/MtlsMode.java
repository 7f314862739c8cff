package dev.bollard.webhook.mesh;

import java.util.Locale;

/** PeerAuthentication {@code mtls.mode}. UNSET (or no {@code mtls}) inherits from the next level down. */
public enum MtlsMode {
    STRICT, PERMISSIVE, DISABLE, UNSET;

    /** {@code null} is UNSET, as a missing {@code mtls} block is in Istio. */
    public static MtlsMode parse(String value) {
        if (value == null) {
            return UNSET;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mtls mode '" + value + "' is not one of STRICT, PERMISSIVE, DISABLE, UNSET");
        }
    }
}
