package dev.bollard.proxy.cert;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.bollard.proxy.Main;
import picocli.CommandLine;

/** {@code bin/bollard cert ...} (the proxy classpath) in-process: exit code and what it printed. */
record CliRun(int exit, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
