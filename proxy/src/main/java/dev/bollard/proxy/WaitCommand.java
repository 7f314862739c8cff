package dev.bollard.proxy;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.bollard.proxy.health.ReadinessServer;
import dev.bollard.proxy.lifecycle.GoDuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bollard wait}: returns once the proxy next to it reports ready, as Istio's
 * {@code pilot-agent wait}. The injector runs it as the postStart hook of a regular sidecar that
 * holds the application (kubelet starts the next container only after the hook returns), so the
 * image needs no curl or shell.
 */
@Command(name = "wait", mixinStandardHelpOptions = true,
        description = "Wait until the proxy's readiness endpoint answers 200, then exit 0 (1 on timeout).")
public final class WaitCommand implements Callable<Integer> {
    @Option(names = "--health-port", paramLabel = "PORT", defaultValue = "" + ReadinessServer.DEFAULT_PORT,
            description = "The proxy's readiness port. Default: ${DEFAULT-VALUE}.")
    int healthPort;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "Give up after this long (Go duration). Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--period", paramLabel = "DURATION", defaultValue = "500ms",
            description = "Time between attempts (Go duration). Default: ${DEFAULT-VALUE}.")
    String period;

    @Override
    public Integer call() throws InterruptedException {
        Duration limit;
        Duration pause;
        try {
            limit = GoDuration.parse(timeout, "--timeout");
            pause = GoDuration.parse(period, "--period");
        } catch (IllegalArgumentException e) {
            System.err.println("bollard wait: " + e.getMessage());
            return 2;
        }
        URI ready = URI.create("http://127.0.0.1:" + healthPort + ReadinessServer.READY_PATH);
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "no answer yet";
        while (true) {
            try {
                int code = status(ready, pause);
                if (code == 200) {
                    System.out.println("bollard wait: proxy ready");
                    return 0;
                }
                last = "HTTP " + code;
            } catch (IOException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() - deadline >= 0) {
                System.err.println("bollard wait: proxy not ready after " + timeout + " (" + ready + ": " + last + ")");
                return 1;
            }
            Thread.sleep(Math.max(1, pause.toMillis()));
        }
    }

    private static int status(URI uri, Duration pause) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        int millis = (int) Math.max(100, Math.min(Integer.MAX_VALUE, pause.toMillis() * 2));
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }
}
