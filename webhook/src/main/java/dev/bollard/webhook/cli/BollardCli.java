package dev.bollard.webhook.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.bollard.webhook.policy.ValidateCommand;
import dev.bollard.webhook.tls.DevCertificates;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The offline half of {@code bin/bollard}: commands that run without the Quarkus server.
 * {@code bin/bollard serve} starts the packaged server itself; {@code bin/bollard cert} and
 * {@code proxy} run on the proxy's classpath ({@code dev.bollard.proxy.Main}).
 */
@Command(name = "bollard", mixinStandardHelpOptions = true, version = "bollard 0.1.0",
        description = "Istio-compatible sidecar injector, workload CA and policy webhook.",
        subcommands = {BollardCli.DevCerts.class, ValidateCommand.class, KubeInjectCommand.class})
public final class BollardCli implements Callable<Integer> {

    public static void main(String[] args) {
        // the template engine logs through JBoss logging; without this the JDK warns on stderr
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        System.exit(new CommandLine(new BollardCli()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return 2;
    }

    @Command(name = "dev-certs", description = "Create the development CA and serving certificate if missing.")
    static final class DevCerts implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = ".bollard-dev", description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--host", description = "Also valid for this address or name (BOLLARD_HOST); an IP gets an IP SAN.")
        String host;

        @Override
        public Integer call() {
            DevCertificates.ensure(dir, DevCertificates.devNames(java.util.Optional.ofNullable(host)));
            System.out.println("development certificates in " + dir.toAbsolutePath());
            return 0;
        }
    }
}
