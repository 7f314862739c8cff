package dev.bollard.proxy.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * Runs an {@link AppProbe} against the app from inside the pod, the I/O edge of the status port.
 * The proxy runs as the mesh uid (1337), whose connections the pod's iptables never redirect, so the
 * probe reaches the app's port directly, also under STRICT mTLS. HTTP is one HTTP/1.1 GET written by
 * hand (so Host and the probe's headers go out exactly as configured); HTTPS is not verified, as kubelet does not.
 */
public final class AppProber {
    /** Headers of kubelet's request that describe that connection, not the probe, and are not passed on. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
            "keep-alive", "upgrade", "te", "trailer", "proxy-connection", "accept-encoding");

    private final InetAddress loopback;
    private final GrpcHealthCheck grpc;

    public AppProber() {
        this(InetAddress.getLoopbackAddress());
    }

    AppProber(InetAddress loopback) {
        this.loopback = loopback;
        this.grpc = new GrpcHealthCheck();
    }

    /** @param incoming kubelet's request headers, passed on to an HTTP probe as pilot-agent does */
    public ProbeOutcome probe(AppProbe probe, Map<String, List<String>> incoming) {
        if (probe instanceof AppProbe.Http http) {
            return http(http, incoming);
        }
        if (probe instanceof AppProbe.Tcp tcp) {
            return tcp(tcp);
        }
        AppProbe.Grpc g = (AppProbe.Grpc) probe;
        return grpc.check(target(Optional.empty(), g.port()), g.service(), g.timeout());
    }

    private ProbeOutcome tcp(AppProbe.Tcp tcp) {
        InetSocketAddress target = target(tcp.host(), tcp.port());
        try (Socket socket = new Socket()) {
            socket.connect(target, millis(tcp.timeout()));
            return ProbeOutcome.passed("connected to " + describe(target));
        } catch (IOException e) {
            return ProbeOutcome.unreachable("connect " + describe(target) + ": " + e.getMessage());
        }
    }

    private ProbeOutcome http(AppProbe.Http http, Map<String, List<String>> incoming) {
        InetSocketAddress target = target(http.host(), http.port());
        String url = (http.https() ? "https://" : "http://") + describe(target) + http.path();
        try (Socket socket = new Socket()) {
            socket.connect(target, millis(http.timeout()));
            socket.setSoTimeout(millis(http.timeout()));
            Socket channel = http.https() ? tls(socket, http.host()) : socket;
            OutputStream out = channel.getOutputStream();
            out.write(request(http, incoming).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(channel.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
            int status = status(statusLine);
            if (status < 0) {
                return ProbeOutcome.unreachable("GET " + url + ": not an HTTP response: " + statusLine);
            }
            // kubelet counts 2xx and 3xx as success
            return status >= 200 && status < 400 ? ProbeOutcome.passed("GET " + url + ": " + status)
                    : new ProbeOutcome(status, "GET " + url + ": " + status);
        } catch (IOException e) {
            return ProbeOutcome.unreachable("GET " + url + ": " + e.getMessage());
        }
    }

    /** kubelet's headers first, then the probe's own (which win by name), Host last unless the probe sets it. */
    static String request(AppProbe.Http http, Map<String, List<String>> incoming) {
        Map<String, String> headers = new LinkedHashMap<>();
        incoming.forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty() && clean(name, values.get(0))) {
                headers.put(name.toLowerCase(Locale.ROOT), name + ": " + values.get(0));
            }
        });
        String host = http.host().orElse("localhost") + ":" + http.port();
        for (AppProbe.Header h : http.headers()) {
            if (h.name().equalsIgnoreCase("host") || h.name().equals(":authority")) {
                host = h.value();
            } else {
                headers.put(h.name().toLowerCase(Locale.ROOT), h.name() + ": " + h.value());
            }
        }
        headers.putIfAbsent("user-agent", "User-Agent: bollard-prober");
        StringBuilder request = new StringBuilder("GET ").append(http.path()).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        headers.values().forEach(line -> request.append(line).append("\r\n"));
        return request.append("Connection: close\r\n\r\n").toString();
    }

    private static boolean clean(String name, String value) {
        return (name + value).chars().noneMatch(ch -> ch == '\r' || ch == '\n');
    }

    static int status(String statusLine) {
        if (statusLine == null || !statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            return -1;
        }
        String code = statusLine.substring(9, 12);
        return code.chars().allMatch(Character::isDigit) ? Integer.parseInt(code) : -1;
    }

    private InetSocketAddress target(Optional<String> host, int port) {
        return host.map(h -> new InetSocketAddress(h, port)).orElseGet(() -> new InetSocketAddress(loopback, port));
    }

    private static String describe(InetSocketAddress target) {
        String host = target.getAddress() != null ? target.getAddress().getHostAddress() : target.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + target.getPort();
    }

    private static int millis(java.time.Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    private static Socket tls(Socket plain, Optional<String> host) throws IOException {
        SSLSocket tls = (SSLSocket) TrustAll.CONTEXT.getSocketFactory()
                .createSocket(plain, host.orElse("localhost"), plain.getPort(), true);
        tls.startHandshake();
        return tls;
    }

    /** kubelet does not verify an HTTPS probe's certificate, so the proxy does not either (Netty's trust-all). */
    private static final class TrustAll {
        static final SSLContext CONTEXT = context();

        private static SSLContext context() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), new SecureRandom());
                return context;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("create the TLS context for HTTPS app probes", e);
            }
        }
    }
}
