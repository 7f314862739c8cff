package dev.bollard.webhook.mesh;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.bollard.webhook.testing.RawHttps;

/**
 * A feed client over real TLS (java.net.http), with or without a client certificate; the body
 * is read line by line on a thread of its own so tests can wait for the next line with a deadline.
 */
final class FeedClient implements AutoCloseable {
    private final HttpClient http;

    private FeedClient(SSLContext tls) {
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static FeedClient anonymous() throws Exception {
        return new FeedClient(RawHttps.trustingContext());
    }

    /** Presents {@code chain} (leaf first) whatever issuers the server names, as a proxy with one certificate does. */
    static FeedClient withCertificate(PrivateKey key, List<X509Certificate> chain) throws Exception {
        // server trust: anything, the test server's serving certificate is self-issued
        SSLContext combined = SSLContext.getInstance("TLS");
        combined.init(new KeyManager[] {new OneKey(key, chain.toArray(X509Certificate[]::new))},
                new javax.net.ssl.TrustManager[] {new RawHttps.TrustAll()}, new SecureRandom());
        return new FeedClient(combined);
    }

    Stream open(URI base, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(MeshFeedResource.PATH + query)).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        return new Stream(response);
    }

    HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(URI base, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        // java.net.http.HttpClient closes with its last reference (AutoCloseable only from JDK 21)
    }

    static final class Stream implements AutoCloseable {
        final HttpResponse<InputStream> response;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread reader;

        Stream(HttpResponse<InputStream> response) {
            this.response = response;
            this.reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (Exception e) {
                    // closed by the test
                }
            }, "feed-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line within {@code timeout}, or null. */
        String next(Duration timeout) throws InterruptedException {
            return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** The next line that is not a heartbeat, within {@code timeout}, or null. */
        String nextSnapshot(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (line != null && !line.equals(FeedLines.HEARTBEAT)) {
                    return line;
                }
            }
            return null;
        }

        @Override
        public void close() throws Exception {
            response.body().close();
            reader.interrupt();
        }
    }

    private static final class OneKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "workload";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        OneKey(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }
}
