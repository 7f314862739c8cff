package dev.bollard.webhook.ca;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** An "API server" that accepts connections and never answers, counting how many are open at once. */
public final class HungApiServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final ExecutorService connections = Executors.newCachedThreadPool();

    public HungApiServer() throws IOException {
        connections.submit(this::accept);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public int maxOpen() {
        return maxOpen.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                connections.submit(() -> drain(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void drain(Socket connection) {
        try (connection; InputStream in = connection.getInputStream()) {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // read the request and never answer
            }
        } catch (IOException e) {
            // the client gave up
        } finally {
            open.decrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        connections.shutdownNow();
    }
}
