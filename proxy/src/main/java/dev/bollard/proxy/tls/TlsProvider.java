package dev.bollard.proxy.tls;

/** Which TLS implementation the data plane uses; AUTO picks BoringSSL where it loads. */
public enum TlsProvider {
    AUTO, OPENSSL, JDK
}
