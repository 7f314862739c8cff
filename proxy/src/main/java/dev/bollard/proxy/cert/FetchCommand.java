package dev.bollard.proxy.cert;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bollard cert fetch}: one certificate, then exit; 0 on success, 1 with a one-line reason. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Get one workload certificate, write it to --out, and exit.", ""})
final class FetchCommand implements Callable<Integer> {
    static final int FAILED = 1;

    @Mixin
    CaOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AgentConfig config = options.toConfig(spec);
        Clock clock = Clock.systemUTC();
        CertificateFetcher fetcher = CertificateFetcher.of(config, clock, new SecureRandom());
        PrintWriter out = spec.commandLine().getOut();
        try {
            Credentials issued = fetcher.fetch();
            out.println("issued " + issued.summary() + "; wrote " + CertificateFiles.KEY + ", "
                    + CertificateFiles.CERT_CHAIN + ", " + CertificateFiles.ROOT_CERT + " to " + config.outDir());
            out.flush();
            return 0;
        } catch (CaRequestException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("bollard cert fetch: " + e.getMessage());
            err.flush();
            return FAILED;
        }
    }
}
