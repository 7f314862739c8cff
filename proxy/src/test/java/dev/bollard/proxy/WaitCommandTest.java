package dev.bollard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class WaitCommandTest {
    @Test
    void returnsOnceTheProxyAnswersReady() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // not ready on the first attempt, ready on the second: wait must retry
        server.createContext("/healthz/ready", exchange -> {
            exchange.sendResponseHeaders(calls.incrementAndGet() < 2 ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        try {
            int code = Main.commandLine().execute("wait", "--health-port=" + server.getAddress().getPort(),
                    "--period=50ms", "--timeout=10s");
            assertEquals(0, code);
            assertEquals(2, calls.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void failsAfterTheTimeoutWhenNothingAnswers() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        assertEquals(1, Main.commandLine().execute("wait", "--health-port=" + port, "--period=50ms", "--timeout=300ms"));
    }

    @Test
    void aBadDurationIsAUsageError() {
        assertEquals(2, Main.commandLine().execute("wait", "--timeout=soon"));
    }
}
