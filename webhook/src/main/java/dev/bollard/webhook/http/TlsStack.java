package dev.bollard.webhook.http;

import java.util.Locale;

import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;

/**
 * The TLS implementation behind the HTTPS listener. BoringSSL (netty-tcnative) spends a fraction
 * of the JDK SSLEngine's CPU per handshake (issue 15: 18x less with a P-256 certificate); the JDK
 * engine is the fallback where the native library does not load (another platform, a libc it was
 * not built for) or is switched off with {@code bollard.edge.tls-stack=jdk}.
 */
public enum TlsStack {
    BORINGSSL, JDK;

    /** What the operator asked for, {@code bollard.edge.tls-stack}. */
    public enum Preference {
        /** BoringSSL when it loads with ALPN, else the JDK. */
        AUTO,
        /** Always the JDK SSLEngine. */
        JDK
    }

    /** What the native library offers on this machine; {@code problem} says why it cannot serve, or is empty. */
    public record NativeLibrary(boolean loaded, boolean alpn, String version, String problem) {
        public static NativeLibrary missing(String problem) {
            return new NativeLibrary(false, false, "", problem);
        }
    }

    /** The stack picked and why, for the start-up log line. */
    public record Choice(TlsStack stack, String reason) {
    }

    /**
     * BoringSSL only when it loaded and does ALPN: without ALPN the listener could not offer h2,
     * and the API server and Istio's gRPC certificate API need it.
     */
    public static Choice choose(Preference wanted, NativeLibrary library) {
        if (wanted == Preference.JDK) {
            return new Choice(JDK, "bollard.edge.tls-stack=jdk");
        }
        if (!library.loaded()) {
            return new Choice(JDK, "netty-tcnative did not load: " + library.problem());
        }
        if (!library.alpn()) {
            return new Choice(JDK, library.version() + " offers no ALPN, which HTTP/2 needs");
        }
        return new Choice(BORINGSSL, library.version());
    }

    /** The metric label, {@code bollard_tls_stack_info{stack="boringssl"}}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    SSLEngineOptions engineOptions() {
        // the session cache is on by default: resumed handshakes skip the signature
        return this == BORINGSSL ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
    }
}
