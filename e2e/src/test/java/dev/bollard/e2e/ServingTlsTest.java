package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The TLS the packaged webhook serves, as the real openssl client sees it. */
@ExtendWith(PackagedWebhook.class)
class ServingTlsTest {
    private static WebhookProcess webhook;

    @BeforeAll
    static void useWebhook(WebhookProcess packaged) {
        webhook = packaged;
    }

    private static Processes.Result sClient(String... extra) {
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + webhook.base().getPort(), "-servername", "localhost",
                "-CAfile", webhook.devDir().resolve("root-cert.pem").toString(), "-verify_return_error", "-brief"));
        command.addAll(List.of(extra));
        return Processes.run(command, "", 30);
    }

    @Test
    void certificateVerifiesAgainstTheDevRootForLocalhost() {
        Processes.Result result = sClient("-verify_hostname", "localhost");
        assertTrue(result.exitCode() == 0, result.stderr() + result.stdout());
        assertTrue((result.stderr() + result.stdout()).contains("Verification: OK"), result.stderr() + result.stdout());
    }

    @Test
    void offersOnlyModernProtocols() {
        Processes.Result result = sClient("-tls1_1");
        assertNotEquals(0, result.exitCode(), "TLS 1.1 must be refused: " + result.stderr());
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoHttpAnswer() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", webhook.base().getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(64);
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            assertTrue(!text.startsWith("HTTP/1.1 200"), "plain HTTP must not be served: " + text);
        } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
            // closed or silent: no plaintext service, which is the point
        }
    }
}
