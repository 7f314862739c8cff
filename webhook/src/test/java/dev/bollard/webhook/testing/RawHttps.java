package dev.bollard.webhook.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Speaks HTTP over TLS by hand, for what client libraries hide: a request that announces a body
 * too large and waits for the server's answer before sending it.
 */
public final class RawHttps {
    private RawHttps() {
    }

    /** A TLS context that accepts the test server's self-signed certificate. */
    public static SSLContext trustingContext() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        return tls;
    }

    /** Sends only the headers of a POST with {@code contentLength}; returns the final status line. */
    public static String statusForAnnouncedBody(URI base, String path, long contentLength) throws Exception {
        return announce(base, path, contentLength).split("\r\n", 2)[0];
    }

    /**
     * Sends only the headers of a POST announcing {@code contentLength} bytes and returns the
     * final response (status line, headers, body), skipping any interim 100 Continue.
     */
    public static String announce(URI base, String path, long contentLength) throws Exception {
        SSLContext tls = trustingContext();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + contentLength + "\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            while (true) {
                StringBuilder head = new StringBuilder();
                int length = 0;
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    head.append(line).append("\r\n");
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                if (head.toString().startsWith("HTTP/1.1 100")) {
                    continue;
                }
                char[] body = new char[length];
                int read = 0;
                while (read < length) {
                    int n = in.read(body, read, length - read);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
                return head + "\r\n" + new String(body, 0, read);
            }
        } catch (IOException e) {
            throw new IllegalStateException("raw HTTPS request to " + base + path, e);
        }
    }

    /** Trusts any server certificate: for tests that look at what the server answers, not who it is. */
    public static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
