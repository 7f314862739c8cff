package dev.bollard.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Test fixtures for HTTP/1.1 over the data plane: a small blocking server, and a client that reads one response at a time. */
public final class Http {
    private Http() {
    }

    /** One message as read: the start line, lower-case header names, the body (de-chunked). */
    public record Message(String startLine, Map<String, String> headers, String body) {
        public int status() {
            return Integer.parseInt(startLine.split(" ")[1]);
        }
    }

    /**
     * An HTTP/1.1 application: answers {@code 200 "ok <target>"} (Content-Length) to every request,
     * records {@code "<method> <target>[ body=<body>]"} per request in {@link #seen}; {@code /slow}
     * answers after 300 ms, {@code /chunked} answers chunked, {@code /upgrade} answers 101 and then
     * echoes raw bytes, HEAD gets no body, {@code connection: close} closes after the response.
     */
    public static final class Server implements AutoCloseable {
        public final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        public final Mesh.App app;

        public Server() throws IOException {
            app = new Mesh.App(this::serve);
        }

        public int port() {
            return app.port();
        }

        private void serve(Socket s) {
            try {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                Message req;
                while ((req = read(in, true)) != null) {
                    String[] line = req.startLine().split(" ");
                    seen.add(line[0] + " " + line[1] + (req.body().isEmpty() ? "" : " body=" + req.body()));
                    if (!answer(line[0], line[1], out, in)) {
                        return;
                    }
                    if ("close".equalsIgnoreCase(req.headers().get("connection"))) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the test asserts on what the client saw
            }
        }

        private static boolean answer(String method, String target, OutputStream out, InputStream in)
                throws IOException, InterruptedException {
            String body = "ok " + target;
            switch (target) {
                case "/slow" -> Thread.sleep(300);
                case "/chunked" -> {
                    out.write(("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3;x=y\r\nok \r\n"
                            + Integer.toHexString(target.length()) + "\r\n" + target + "\r\n0\r\nx-trailer: 1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    return true;
                }
                case "/upgrade" -> {
                    out.write("HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: raw\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.transferTo(out);
                    return false;
                }
                default -> {
                }
            }
            out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: " + body.length() + "\r\n\r\n"
                    + (method.equals("HEAD") ? "" : body)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        }

        @Override
        public void close() throws IOException {
            app.close();
        }
    }

    /** Sends raw bytes. */
    public static void send(Socket s, String raw) throws IOException {
        s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Reads one response (null at EOF). */
    public static Message response(Socket s) throws IOException {
        return read(s.getInputStream(), false);
    }

    /**
     * One message from {@code in}, read byte by byte so nothing past it is consumed; a response
     * without framing is read to EOF, a request without framing has no body.
     */
    public static Message read(InputStream in, boolean request) throws IOException {
        String start = line(in);
        while (start != null && start.isEmpty()) {
            start = line(in);
        }
        if (start == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean noBody = !request && (start.split(" ")[1].startsWith("1") || start.contains(" 204 ") || start.contains(" 304 "));
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0], 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0], 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
                body.writeBytes(new byte[0]); // trailers are not kept
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if (!request && !noBody) {
            body.write(in.readAllBytes());
        }
        return new Message(start, headers, body.toString(StandardCharsets.ISO_8859_1));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder out = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            out.append((char) c);
        }
        if (c < 0 && out.length() == 0) {
            return null;
        }
        return out.toString().endsWith("\r") ? out.substring(0, out.length() - 1) : out.toString();
    }
}
