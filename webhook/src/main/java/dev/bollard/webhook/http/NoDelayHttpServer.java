package dev.bollard.webhook.http;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * TCP_NODELAY on every listener: an admission reply is one small write the API server waits
 * for, and Nagle plus delayed ACK would add 40 ms stalls to each pod creation. Vert.x defaults
 * to it today; we set it so no default change can silently take it away.
 */
@ApplicationScoped
public class NoDelayHttpServer implements HttpServerOptionsCustomizer {
    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        options.setTcpNoDelay(true);
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setTcpNoDelay(true);
    }
}
