package dev.bollard.webhook.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import dev.bollard.webhook.testing.RawHttps;

/**
 * The slow-body attacker: HTTP/1.1 connections that announce a body and then send one byte a
 * second of it, until closed.
 */
final class SlowBodies implements AutoCloseable {
    private final List<SSLSocket> sockets = new ArrayList<>();
    private final Thread trickle;
    private volatile boolean open = true;

    private SlowBodies(List<SSLSocket> sockets) {
        this.sockets.addAll(sockets);
        this.trickle = new Thread(this::trickle, "slow-bodies");
        this.trickle.setDaemon(true);
        this.trickle.start();
    }

    static SlowBodies open(URI base, String path, int connections) throws Exception {
        var factory = RawHttps.trustingContext().getSocketFactory();
        List<SSLSocket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            SSLSocket socket = (SSLSocket) factory.createSocket(base.getHost(), base.getPort());
            socket.setSoTimeout(15_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 60000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sockets.add(socket);
        }
        return new SlowBodies(sockets);
    }

    List<SSLSocket> sockets() {
        return sockets;
    }

    /** Reads what the server sent on one connection until it closes it (or the socket times out). */
    static String readUntilClosed(SSLSocket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private void trickle() {
        while (open) {
            for (SSLSocket socket : sockets) {
                try {
                    socket.getOutputStream().write(' ');
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    // closed by the server: the point of the deadline
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws Exception {
        open = false;
        trickle.interrupt();
        for (SSLSocket socket : sockets) {
            socket.close();
        }
    }
}
