package dev.bollard.proxy.cert;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;

import dev.bollard.proxy.health.ReadinessServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bollard cert watch}: the sidecar's certificate loop. Fetches, renews at 80% of each
 * certificate's lifetime, retries failures with backoff, and serves readiness until killed.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Get a workload certificate and keep it renewed (the sidecar's loop).",
            "Renews at 80%% of each certificate's lifetime and retries failures with",
            "exponential backoff (honouring Retry-After). GET /healthz/ready on",
            "--health-port answers 200 while --out holds a currently valid certificate,",
            "else 503.", ""})
final class WatchCommand implements Callable<Integer> {
    @Mixin
    CaOptions options;

    @Option(names = "--health-port", defaultValue = "" + ReadinessServer.DEFAULT_PORT, paramLabel = "PORT",
            description = "Port of the readiness endpoint (default: ${DEFAULT-VALUE}, Istio's status port).")
    int healthPort;

    @Option(names = "--health-address", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "Address the readiness endpoint binds (default: ${DEFAULT-VALUE}; kubelet probes the pod IP).")
    String healthAddress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AgentConfig config = options.toConfig(spec);
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        CertificateFetcher fetcher = CertificateFetcher.of(config, clock, random);
        AgentLog log = new AgentLog(spec.commandLine().getErr(), clock);
        CertificateWatcher watcher = new CertificateWatcher(fetcher, RenewalSchedule.DEFAULT, clock, random::nextDouble, log);
        try (ReadinessServer readiness = ReadinessServer.start(
                new InetSocketAddress(healthAddress, healthPort), () -> fetcher.files().problem(clock.instant()))) {
            log.info("readiness on " + healthAddress + ":" + readiness.port() + ReadinessServer.READY_PATH
                    + "; requesting certificates from " + config.certificatesEndpoint());
            watcher.run(duration -> Thread.sleep(duration.toMillis()));
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("certificate watch stopped");
            return 0;
        } catch (UncheckedIOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("bollard cert watch: " + e.getMessage());
            err.flush();
            return FetchCommand.FAILED;
        }
    }
}
