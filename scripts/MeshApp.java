import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The plain application of a mesh pod in the network-namespace tests, `make demo` and `make bench`:
 * it knows nothing about the mesh. HTTP on HTTP_PORT answers "hello from NAME path=PATH" and
 * logs "GET PATH from ADDRESS" (not for paths under /bench, so the benchmark measures the
 * network); ECHO_PORT, when given, echoes every byte back (the long-lived connection).
 * Usage: java MeshApp.java NAME HTTP_PORT [ECHO_PORT]; prints READY once every port is bound.
 */
public final class MeshApp {
    private MeshApp() {
    }

    public static void main(String[] args) throws IOException {
        String name = args[0];
        // headers and body go out as two writes; with Nagle on, the delayed ACK of the first holds
        // the second for 40 ms and the benchmark would measure that instead of the network
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer http = HttpServer.create(new InetSocketAddress("0.0.0.0", Integer.parseInt(args[1])), 512);
        http.createContext("/", exchange -> answer(name, exchange));
        // wrk -c16 keeps 16 connections busy; HttpServer serves one exchange per thread
        http.setExecutor(Executors.newFixedThreadPool(32));
        http.start();
        if (args.length > 2) {
            ServerSocket echo = new ServerSocket();
            echo.bind(new InetSocketAddress("0.0.0.0", Integer.parseInt(args[2])), 64);
            Thread acceptor = new Thread(() -> acceptEchoes(echo), "echo-accept");
            acceptor.start();
        }
        System.out.println("READY");
        System.out.flush();
    }

    private static void answer(String name, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.startsWith("/bench")) {
            System.out.println(exchange.getRequestMethod() + " " + path + " from "
                    + exchange.getRemoteAddress().getAddress().getHostAddress());
            System.out.flush();
        }
        exchange.getRequestBody().readAllBytes();
        byte[] body = ("hello from " + name + " path=" + path + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void acceptEchoes(ServerSocket server) {
        while (true) {
            try {
                Socket socket = server.accept();
                new Thread(() -> echo(socket), "echo").start();
            } catch (IOException e) {
                System.err.println("echo accept: " + e.getMessage());
                return;
            }
        }
    }

    private static void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            System.err.println("echo " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
        }
    }
}
