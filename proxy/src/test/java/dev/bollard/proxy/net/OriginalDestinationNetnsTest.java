package dev.bollard.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real thing: iptables REDIRECT in a throwaway network namespace ({@code bollard-t-dp-*}, always
 * deleted), the data plane in a child JVM inside it ({@code ip netns exec}) with the real
 * {@code SO_ORIGINAL_DST} lookup, and {@link NetnsProbe} checking IPv4 and IPv6 outbound
 * passthrough, inbound plaintext from 127.0.0.6 / ::1, mTLS through both listeners, and that a
 * direct connection to 15001/15006 is refused. The host's own network configuration is never
 * touched. Needs root, {@code ip} and {@code iptables}; skipped loudly otherwise.
 */
@Tag("slow") // root, a network namespace and a child JVM; `make test` runs it, `make check` does not
class OriginalDestinationNetnsTest {
    private String ns;

    @BeforeEach
    void requireRoot() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name")) || new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        boolean tools = run(List.of("ip", "-V")) == 0 && run(List.of("iptables", "--version")) == 0;
        if (!root || !tools) {
            System.err.println("\n*** SKIPPED OriginalDestinationNetnsTest: needs root, ip and iptables (root=" + root + ", tools=" + tools
                    + ") — SO_ORIGINAL_DST is NOT tested in this run ***\n");
        }
        assumeTrue(root && tools, "needs root with ip and iptables");
        ns = "bollard-t-dp-" + ProcessHandle.current().pid() + "-" + ThreadLocalRandom.current().nextInt(1000, 9999);
        if (run(List.of("ip", "netns", "add", ns)) != 0) {
            System.err.println("\n*** SKIPPED OriginalDestinationNetnsTest: cannot create a network namespace ***\n");
            ns = null;
            assumeTrue(false, "ip netns add failed");
        }
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (ns != null) {
            run(List.of("ip", "netns", "delete", ns));
        }
    }

    @Test
    void redirectedConnectionsRecoverTheirOriginalDestination() throws Exception {
        String[][] setup = {
                {"ip", "link", "set", "lo", "up"},
                // the pod's and a client's addresses, on the namespace's own loopback (no kernel module needed)
                {"ip", "addr", "add", "10.77.0.1/32", "dev", "lo"},
                {"ip", "addr", "add", "10.77.0.2/32", "dev", "lo"},
                {"ip", "-6", "addr", "add", "fd77::1/128", "dev", "lo"},
                {"ip", "-6", "addr", "add", "fd77::2/128", "dev", "lo"},
                // "outbound capture": the client's connections to remote port 9000 and mesh port 8443
                {"iptables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-s", "10.77.0.2", "--dport", "9000", "-j", "REDIRECT", "--to-ports", "15001"},
                {"iptables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-s", "10.77.0.2", "--dport", "8443", "-j", "REDIRECT", "--to-ports", "15001"},
                // "inbound capture": connections to the application ports, from the client or from the proxy's own mTLS
                {"iptables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-s", "10.77.0.2", "--dport", "8080", "-j", "REDIRECT", "--to-ports", "15006"},
                {"iptables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-s", "10.77.0.1", "-d", "10.77.0.1", "--dport", "8443", "-j", "REDIRECT", "--to-ports", "15006"},
                {"ip6tables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-s", "fd77::2", "--dport", "9000", "-j", "REDIRECT", "--to-ports", "15001"},
                {"ip6tables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-s", "fd77::2", "--dport", "8080", "-j", "REDIRECT", "--to-ports", "15006"},
        };
        for (String[] command : setup) {
            List<String> inNs = new ArrayList<>(List.of("ip", "netns", "exec", ns));
            inNs.addAll(List.of(command));
            assertEquals(0, run(inNs), "setup: " + String.join(" ", command));
        }
        Path out = Files.createTempFile("bollard-netns-probe", ".log");
        try {
            List<String> java = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                    System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                    "-Dio.netty.leakDetection.level=paranoid", "-Djava.util.logging.manager=java.util.logging.LogManager",
                    "-cp", System.getProperty("java.class.path"), NetnsProbe.class.getName()));
            Process probe = new ProcessBuilder(java).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean done = probe.waitFor(90, TimeUnit.SECONDS);
            if (!done) {
                probe.destroyForcibly();
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            System.err.println("--- netns probe ---\n" + output + "--- end ---");
            assertEquals(0, done ? probe.exitValue() : -1, "probe failed:\n" + output);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            System.err.println("$ " + String.join(" ", command) + " -> " + rc + "\n" + output);
        }
        return rc;
    }
}
