package dev.bollard.webhook.http;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The HTTP/2 slow-body attacker: many streams on ONE connection, each announcing a body and
 * sending one byte of it a second.
 */
final class SlowStreams implements AutoCloseable {
    private final Vertx vertx;
    private final HttpClient client;
    private final List<HttpClientRequest> requests = new CopyOnWriteArrayList<>();
    private final List<HttpConnection> connections = new CopyOnWriteArrayList<>();
    private final long timer;

    private SlowStreams(Vertx vertx, HttpClient client) {
        this.vertx = vertx;
        this.client = client;
        // a stream the server has reset or answered fails the write: ignored, as an attacker would
        this.timer = vertx.setPeriodic(1000, id -> requests.forEach(request -> request.write(" ").onFailure(e -> {
        })));
    }

    static SlowStreams open(Vertx vertx, URI base, String path, int streams) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setSsl(true).setUseAlpn(true).setTrustAll(true).setVerifyHost(false)
                .setHttp2MultiplexingLimit(-1), new PoolOptions().setHttp2MaxSize(1));
        SlowStreams slow = new SlowStreams(vertx, client);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(base.getHost())
                .setPort(base.getPort()).setURI(path).putHeader("content-type", "application/json")
                .putHeader("content-length", "60000");
        for (int i = 0; i < streams; i++) {
            client.request(options).onSuccess(request -> {
                slow.requests.add(request);
                if (!slow.connections.contains(request.connection())) {
                    slow.connections.add(request.connection());
                }
                request.write("{");
            });
        }
        return slow;
    }

    /** Streams the client got the server to open (the rest wait for the server's stream limit). */
    int opened() {
        return requests.size();
    }

    /** Distinct connections the streams went over: one, for the attack to mean anything. */
    int connections() {
        return connections.size();
    }

    /** The server's SETTINGS_MAX_CONCURRENT_STREAMS as this client's connection received it. */
    long serverStreamLimit() {
        return connections.isEmpty() ? -1 : connections.get(0).remoteSettings().getMaxConcurrentStreams();
    }

    @Override
    public void close() throws Exception {
        vertx.cancelTimer(timer);
        client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
