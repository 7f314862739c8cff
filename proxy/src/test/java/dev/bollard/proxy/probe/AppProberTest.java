package dev.bollard.proxy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The prober against real local servers standing in for the app. */
class AppProberTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private final AppProber prober = new AppProber();
    private HttpServer app;

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.stop(0);
        }
    }

    @Test
    void httpProbePassesOnTwoAndThreeHundredsAndSendsTheProbesHeaders() throws IOException {
        AtomicReference<String> seen = new AtomicReference<>();
        int port = app(Map.of("/ok", 204, "/moved", 302), exchange -> seen.set(exchange.getRequestHeaders().getFirst("X-Probe")
                + " " + exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestHeaders().getFirst("User-Agent")));

        ProbeOutcome ok = prober.probe(http("/ok", port, List.of(new AppProbe.Header("X-Probe", "yes"))),
                Map.of("User-Agent", List.of("kube-probe/1.30"), "Host", List.of("10.0.0.9:15020")));
        assertEquals(200, ok.status(), ok.detail());
        assertEquals("yes localhost:" + port + " kube-probe/1.30", seen.get());
        assertEquals(200, prober.probe(http("/moved", port, List.of()), Map.of()).status());
    }

    @Test
    void httpProbePassesOnTheAppsFailureStatus() throws IOException {
        int port = app(Map.of("/sick", 503, "/gone", 404), exchange -> { });

        assertEquals(503, prober.probe(http("/sick", port, List.of()), Map.of()).status());
        assertEquals(404, prober.probe(http("/gone", port, List.of()), Map.of()).status());
    }

    @Test
    void aHostHeaderOfTheProbeIsSentAsHost() throws IOException {
        AtomicReference<String> host = new AtomicReference<>();
        int port = app(Map.of("/ok", 200), exchange -> host.set(exchange.getRequestHeaders().getFirst("Host")));

        prober.probe(http("/ok", port, List.of(new AppProbe.Header("Host", "shop.example"))), Map.of());
        assertEquals("shop.example", host.get());
    }

    @Test
    void anAppThatIsNotListeningIs500() throws IOException {
        int port = freePort();
        ProbeOutcome outcome = prober.probe(http("/", port, List.of()), Map.of());
        assertEquals(500, outcome.status());
        assertTrue(outcome.detail().contains("GET http://127.0.0.1:" + port + "/"), outcome.detail());
        assertEquals(500, prober.probe(new AppProbe.Tcp(port, Optional.empty(), SECOND), Map.of()).status());
    }

    @Test
    void anAppThatDoesNotAnswerInTimeIs500() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            ProbeOutcome outcome = prober.probe(new AppProbe.Http("/", silent.getLocalPort(), Optional.empty(), false, List.of(),
                    Duration.ofMillis(300)), Map.of());
            assertEquals(500, outcome.status());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0, "the timeout held");
        }
    }

    @Test
    void tcpProbePassesWhenTheAppAccepts() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(200, prober.probe(new AppProbe.Tcp(listening.getLocalPort(), Optional.empty(), SECOND), Map.of()).status());
        }
    }

    @Test
    void grpcProbePassesOnlyWhenServing() throws Exception {
        assertEquals(200, grpc(new byte[] {0x08, 0x01}).status());
        assertEquals(500, grpc(new byte[] {0x08, 0x02}).status(), "NOT_SERVING");
        assertEquals(500, grpc(null).status(), "an error status: trailers only");
    }

    @Test
    void requestHasNoHopByHopHeadersOfKubeletsConnection() {
        String request = AppProber.request(http("/ready", 8080, List.of()),
                Map.of("Connection", List.of("close"), "Accept-Encoding", List.of("gzip"), "Accept", List.of("*/*")));
        assertEquals("GET /ready HTTP/1.1\r\nHost: localhost:8080\r\nAccept: */*\r\nUser-Agent: bollard-prober\r\n"
                + "Connection: close\r\n\r\n", request);
    }

    private ProbeOutcome grpc(byte[] response) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread fake = new Thread(() -> fakeGrpcServer(server, response));
            fake.start();
            ProbeOutcome outcome = prober.probe(new AppProbe.Grpc(server.getLocalPort(), Optional.empty(), SECOND), Map.of());
            fake.join(2000);
            return outcome;
        }
    }

    /** Just enough HTTP/2 to answer one unary call: the client's frames are read until its END_STREAM. */
    private static void fakeGrpcServer(ServerSocket server, byte[] message) {
        try (Socket s = server.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readNBytes(24);
            OutputStream out = s.getOutputStream();
            frame(out, 4, 0, 0, new byte[0]);
            while (true) {
                int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                in.readInt();
                in.readNBytes(length);
                if (type == 0 && (flags & 1) != 0) {
                    break;
                }
            }
            frame(out, 1, 4, 1, new byte[] {(byte) 0x88}); // :status 200
            if (message != null) {
                byte[] data = new byte[5 + message.length];
                data[4] = (byte) message.length;
                System.arraycopy(message, 0, data, 5, message.length);
                frame(out, 0, 0, 1, data);
            }
            frame(out, 1, 5, 1, new byte[] {0x00, 0x0b, 'g', 'r', 'p', 'c', '-', 's', 't', 'a', 't', 'u', 's', 0x01, '0'});
            out.flush();
            in.readAllBytes();
        } catch (IOException e) {
            // the client closed first: fine for a fake
        }
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(new byte[] {0, (byte) (payload.length >>> 8), (byte) payload.length, (byte) type, (byte) flags, 0, 0, 0,
            (byte) stream});
        out.write(payload);
    }

    private static AppProbe.Http http(String path, int port, List<AppProbe.Header> headers) {
        return new AppProbe.Http(path, port, Optional.empty(), false, headers, SECOND);
    }

    private int app(Map<String, Integer> statuses, java.util.function.Consumer<com.sun.net.httpserver.HttpExchange> seen)
            throws IOException {
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/", exchange -> {
            seen.accept(exchange);
            exchange.sendResponseHeaders(statuses.getOrDefault(exchange.getRequestURI().getPath(), 404), -1);
            exchange.close();
        });
        app.start();
        return app.getAddress().getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
