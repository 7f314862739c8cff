package dev.bollard.proxy;

import java.util.concurrent.Callable;

import dev.bollard.proxy.cert.CertCommand;
import dev.bollard.proxy.log.OneLineLogging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The sidecar's entry point ({@code bin/bollard cert|proxy} and the proxy image): plain Java on the
 * proxy classpath, no Quarkus. {@code proxy} is the istio-proxy container's program; {@code cert}
 * is the certificate agent on its own.
 */
@Command(name = "bollard", mixinStandardHelpOptions = true, version = "bollard 0.1.0",
        description = "Bollard sidecar: the mesh proxy, the workload certificate agent and a readiness wait.",
        subcommands = {CertCommand.class, ProxyCommand.class, WaitCommand.class})
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        OneLineLogging.install();
        System.exit(commandLine().execute(args));
    }

    /** The dispatcher, for tests that run a subcommand in-process. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** @param env where {@code proxy}'s flags take their defaults (the template's variables) */
    public static CommandLine commandLine(java.util.Map<String, String> env) {
        CommandLine cli = new CommandLine(new Main());
        CommandLine proxy = cli.getSubcommands().get("proxy");
        proxy.setDefaultValueProvider(ProxyCommand.environment(env));
        // proxy: one line, not the usage screen (a sidecar's log should say what is wrong and
        // nothing else); cert keeps picocli's message plus usage, as documented
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        CommandLine.IParameterExceptionHandler oneLine = (e, args) -> {
            if (e.getCommandLine().getCommandSpec().userObject() instanceof ProxyCommand) {
                e.getCommandLine().getErr().println("bollard proxy: " + e.getMessage() + " (see bollard proxy --help)");
                e.getCommandLine().getErr().flush();
                return ProxyCommand.USAGE;
            }
            return usage.handleParseException(e, args);
        };
        cli.setParameterExceptionHandler(oneLine);
        return cli;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
