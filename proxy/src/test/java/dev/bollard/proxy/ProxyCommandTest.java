package dev.bollard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bollard.identity.Keys;
import dev.bollard.identity.TestPki;
import dev.bollard.proxy.telemetry.MetricsConfig;
import dev.bollard.proxy.lifecycle.DrainSettings;
import dev.bollard.proxy.tls.TlsProvider;
import picocli.CommandLine;

class ProxyCommandTest {
    static final Map<String, String> TEMPLATE_ENV = Map.of(
            "CA_ADDR", "https://bollard.bollard-system.svc",
            "POD_NAME", "a-0",
            "POD_NAMESPACE", "demo",
            "INSTANCE_IP", "10.250.0.2",
            "SERVICE_ACCOUNT", "a",
            "TRUST_DOMAIN", "cluster.local");

    /** Parses like {@code bollard proxy ARGS} with {@code env}; returns the config without running anything. */
    static ProxyConfig parse(Map<String, String> env, String... args) {
        CommandLine cli = Main.commandLine(env);
        CommandLine.ParseResult parsed = cli.parseArgs(prepend("proxy", args));
        ProxyCommand command = (ProxyCommand) parsed.subcommand().commandSpec().userObject();
        return command.toConfig();
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.getSubcommands().get("proxy").setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exit = cli.execute(prepend("proxy", args));
        return new Run(exit, out.toString(), err.toString());
    }

    private static String[] prepend(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @Test
    void takesTheTemplatesEnvironmentAndTheContractDefaults() throws Exception {
        ProxyConfig config = parse(TEMPLATE_ENV);

        assertEquals(URI.create("https://bollard.bollard-system.svc"), config.certificate().ca());
        assertEquals(config.certificate().ca(), config.controlPlane());
        assertEquals(Path.of("/var/run/secrets/tokens/istio-token"), config.certificate().tokenFile());
        assertEquals(Path.of("/var/run/secrets/istio/root-cert.pem"), config.certificate().rootCert());
        assertEquals(Path.of("/etc/istio/proxy"), config.outDir());
        assertEquals(Optional.empty(), config.validity());
        assertEquals("a-0", config.podName());
        assertEquals("demo", config.podNamespace());
        assertEquals(Optional.of(InetAddress.getByName("10.250.0.2")), config.instanceIp());
        assertEquals(Optional.of("a"), config.serviceAccount());
        assertEquals("cluster.local", config.trustDomain().name());
        assertEquals(15006, config.dataPlane().inboundPort());
        assertEquals(15001, config.dataPlane().outboundPort());
        assertEquals(15021, config.healthPort());
        assertEquals("0.0.0.0", config.healthAddress());
        assertEquals(TlsProvider.AUTO, config.tlsProvider());
    }

    @Test
    void aFlagWinsOverItsEnvironmentVariable() {
        ProxyConfig config = parse(TEMPLATE_ENV, "--ca", "https://127.0.0.1:8443", "--control-plane", "https://10.250.0.1:8443",
                "--pod-name", "b-0", "--trust-domain", "example.org", "--validity", "20", "--tls-provider", "jdk",
                "--inbound-port", "16006", "--health-port", "15099");

        assertEquals(URI.create("https://127.0.0.1:8443"), config.certificate().ca());
        assertEquals(URI.create("https://10.250.0.1:8443"), config.controlPlane());
        assertEquals("b-0", config.podName());
        assertEquals("example.org", config.trustDomain().name());
        assertEquals(Optional.of(Duration.ofSeconds(20)), config.validity());
        assertEquals(TlsProvider.JDK, config.tlsProvider());
        assertEquals(16006, config.dataPlane().inboundPort());
    }

    @Test
    void metricsDefaultToIstiosPortAndTurnOffWithZero() {
        assertEquals(MetricsConfig.defaults(), parse(TEMPLATE_ENV).metrics());

        Map<String, String> env = new java.util.HashMap<>(TEMPLATE_ENV);
        env.put("METRICS_PORT", "0");
        env.put("ISTIO_META_CLUSTER_ID", "east");
        ProxyConfig off = parse(env, "--metrics-series-limit", "50");

        assertEquals(false, off.metrics().enabled());
        assertEquals("east", off.metrics().cluster());
        assertEquals(50, off.metrics().seriesLimit());
    }

    @Test
    void environmentSetsTheOtherFlagsToo() {
        Map<String, String> env = new java.util.HashMap<>(TEMPLATE_ENV);
        env.put("CONTROL_PLANE_ADDR", "https://10.250.0.1:8443");
        env.put("TLS_PROVIDER", "openssl");

        ProxyConfig config = parse(env);

        assertEquals(URI.create("https://10.250.0.1:8443"), config.controlPlane());
        assertEquals(TlsProvider.OPENSSL, config.tlsProvider());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty CA         | --ca=                         | --ca must be an https:// URL",
        "http CA          | --ca=http://ca                | --ca must be an https:// URL",
        "http feed        | --control-plane=http://cp     | --control-plane must be an https:// URL",
        "port text        | --inbound-port=abc            | Invalid value for option '--inbound-port'",
        "port range       | --outbound-port=70000         | port 70000 is not in 1-65535",
        "same ports       | --outbound-port=15006         | --inbound-port, --outbound-port, --health-port and --admin-port must differ",
        "bad IP           | --instance-ip=pod-a           | --instance-ip: 'pod-a' is not an IP address",
        "bad namespace    | --pod-namespace=Demo_1        | --pod-namespace (POD_NAMESPACE) 'Demo_1' is not a Kubernetes name",
        "bad trust domain | --trust-domain=Cluster.Local  | trust domain: character 'C'",
        "bad provider     | --tls-provider=boringssl      | --tls-provider must be auto, openssl or jdk, got 'boringssl'",
        "bad validity     | --validity=0                  | --validity must be a positive number of seconds",
        "metrics port     | --metrics-port=70000          | --metrics-port 70000 is not in 0-65535",
        "metrics clash    | --metrics-port=15021          | --metrics-port 15021 is taken",
        "series limit     | --metrics-series-limit=0      | --metrics-series-limit must be at least 1",
        "empty cluster    | --cluster-id=                 | --cluster-id must not be empty",
        "admin port clash | --admin-port=15021            | --inbound-port, --outbound-port, --health-port and --admin-port must differ",
        "drain no unit    | --drain-duration=5x           | --drain-duration '5x' is not a duration (e.g. 5s, 1m30s, 500ms",
        "drain negative   | --drain-duration=-5s          | --drain-duration '-5s' is negative",
        "drain too long   | --drain-duration=25h          | --drain-duration '25h' is longer than 24h",
        "drain empty      | --drain-duration=             | --drain-duration is empty",
        "minimum drain    | --minimum-drain-duration=1d   | --minimum-drain-duration '1d' is not a duration",
        "exit on zero     | --exit-on-zero-active-connections=yes | --exit-on-zero-active-connections must be true or false, got 'yes'",
        "app probers JSON | --app-probers=not-json      | ISTIO_KUBE_APP_PROBERS is not JSON",
        "app probers path | '--app-probers={\"/x\":{\"tcpSocket\":{\"port\":80}}}' | ISTIO_KUBE_APP_PROBERS /x: the path must start with /app-health/",
    })
    void badValuesExitTwoWithOneLine(String name, String flag, String message) {
        Run run = run(TEMPLATE_ENV, flag);

        assertEquals(2, run.exit(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("bollard proxy: "), run.err());
        assertTrue(run.err().contains(message), run.err());
    }

    @Test
    void drainsFiveSecondsByDefaultAndTakesIstiosEnvironment() {
        ProxyConfig defaults = parse(TEMPLATE_ENV);
        assertEquals(15020, defaults.adminPort());
        assertEquals(DrainSettings.defaults(), defaults.drain());

        Map<String, String> env = new java.util.HashMap<>(TEMPLATE_ENV);
        env.putAll(Map.of("TERMINATION_DRAIN_DURATION", "1m30s", "EXIT_ON_ZERO_ACTIVE_CONNECTIONS", "true",
                "MINIMUM_DRAIN_DURATION", "1.5s", "ADMIN_PORT", "15030"));
        ProxyConfig fromEnv = parse(env);
        assertEquals(new DrainSettings(Duration.ofSeconds(90), true, Duration.ofMillis(1500)), fromEnv.drain());
        assertEquals(15030, fromEnv.adminPort());

        ProxyConfig flagsWin = parse(env, "--drain-duration=250ms", "--exit-on-zero-active-connections=false");
        assertEquals(new DrainSettings(Duration.ofMillis(250), false, Duration.ofMillis(1500)), flagsWin.drain());
        assertEquals(true, parse(TEMPLATE_ENV, "--exit-on-zero-active-connections").drain().exitOnZeroActiveConnections());
        assertEquals(Duration.ofSeconds(7), parse(TEMPLATE_ENV, "--drain-duration=7").drain().drainDuration(),
                "a bare number is seconds, as Istio's TERMINATION_DRAIN_DURATION_SECONDS");
    }

    @Test
    void missingCaIsAUsageError() {
        Map<String, String> env = new java.util.HashMap<>(TEMPLATE_ENV);
        env.remove("CA_ADDR");

        Run run = run(env);

        assertEquals(2, run.exit());
        assertEquals("bollard proxy: --ca (or CA_ADDR) is required (see bollard proxy --help)", run.err().strip());
    }

    @Test
    void missingPodNameIsAUsageError() {
        Map<String, String> env = new java.util.HashMap<>(TEMPLATE_ENV);
        env.remove("POD_NAME");

        Run run = run(env);

        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--pod-name (POD_NAME) is required"), run.err());
    }

    @Test
    void helpDocumentsEveryFlagAndItsEnvironmentVariable() {
        Run run = run(Map.of(), "--help");

        assertEquals(0, run.exit());
        String help = run.out().replaceAll("\\s+", " ");
        for (Map.Entry<String, String> flag : ProxyCommand.ENV.entrySet()) {
            assertTrue(help.contains(flag.getKey()), flag.getKey() + " in " + run.out());
            assertTrue(help.contains("Env: " + flag.getValue() + "."), flag.getValue() + " in " + run.out());
        }
    }

    @Test
    void rootsAreTheBundleThenTheAnsweredRootWithoutDuplicates() {
        TestPki.Ca a = TestPki.root("a");
        TestPki.Ca b = TestPki.root("b");

        assertEquals(List.of(a.certificate(), b.certificate()), ProxyCommand.roots(List.of(a.certificate()), b.certificate()));
        assertEquals(List.of(a.certificate(), b.certificate()),
                ProxyCommand.roots(List.of(a.certificate(), b.certificate()), a.certificate()));
        Keys.newP256(); // (keys are generated at run time; no fixture files)
    }
}
