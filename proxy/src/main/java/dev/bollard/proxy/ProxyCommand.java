package dev.bollard.proxy;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import dev.bollard.identity.CertificateIdentity;
import dev.bollard.identity.TrustDomain;
import dev.bollard.proxy.cert.AgentConfig;
import dev.bollard.proxy.cert.AgentLog;
import dev.bollard.proxy.cert.CertificateFetcher;
import dev.bollard.proxy.cert.CertificateWatcher;
import dev.bollard.proxy.cert.Credentials;
import dev.bollard.proxy.cert.TrustBundle;
import dev.bollard.proxy.feed.FeedClient;
import dev.bollard.proxy.feed.FeedParser;
import dev.bollard.proxy.health.Readiness;
import dev.bollard.proxy.health.ReadinessServer;
import dev.bollard.proxy.lifecycle.AgentServer;
import dev.bollard.proxy.probe.AppProber;
import dev.bollard.proxy.probe.AppProbers;
import dev.bollard.proxy.lifecycle.DrainSettings;
import dev.bollard.proxy.lifecycle.Drainable;
import dev.bollard.proxy.lifecycle.GoDuration;
import dev.bollard.proxy.lifecycle.Signals;
import dev.bollard.proxy.lifecycle.Termination;
import dev.bollard.proxy.lifecycle.Watchdog;
import dev.bollard.proxy.log.AsyncConnectionLog;
import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.telemetry.MetricsConfig;
import dev.bollard.proxy.telemetry.MetricsServer;
import dev.bollard.proxy.telemetry.ProxyHealth;
import dev.bollard.proxy.telemetry.ProxyTelemetry;
import dev.bollard.proxy.tls.TlsProvider;
import dev.bollard.proxy.tls.WorkloadTls;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bollard proxy}: the istio-proxy container's program. Gets the workload certificate with
 * the ServiceAccount token (kept in memory, renewed at 80%, also written to --out), opens the
 * control plane feed with it, and once both a certificate and a first configuration are in, starts
 * the data plane (15001/15006). Readiness on --health-port follows those steps.
 *
 * <p>Every flag defaults to the environment variable the injection template sets (named in
 * {@code --help}); the flag wins. A bad value exits 2 with one line.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The Bollard sidecar proxy: workload certificate, control plane feed, data plane.",
            "Each flag defaults to the environment variable named after it; the flag wins.", ""},
        footer = {"", "SIGTERM: unready at once, inbound refuses new connections, open ones and outbound go on for"
                + " --drain-duration, then exit 0; a second SIGTERM or POST /quitquitquit ends it at once.",
            "Exit status: 0 stopped; 1 failed at run time (one line on stderr) or did not stop within 10 s after"
                + " the drain; 2 bad flags."})
public final class ProxyCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** Option name → environment variable: the template's names (Istio's, where Istio has one). */
    static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("--ca", "CA_ADDR"),
            Map.entry("--control-plane", "CONTROL_PLANE_ADDR"),
            Map.entry("--token-file", "TOKEN_FILE"),
            Map.entry("--root-cert", "ROOT_CERT"),
            Map.entry("--out", "OUTPUT_CERTS"),
            Map.entry("--validity", "CERT_VALIDITY_SECONDS"),
            Map.entry("--pod-name", "POD_NAME"),
            Map.entry("--pod-namespace", "POD_NAMESPACE"),
            Map.entry("--instance-ip", "INSTANCE_IP"),
            Map.entry("--service-account", "SERVICE_ACCOUNT"),
            Map.entry("--trust-domain", "TRUST_DOMAIN"),
            Map.entry("--inbound-port", "INBOUND_PORT"),
            Map.entry("--outbound-port", "OUTBOUND_PORT"),
            Map.entry("--health-port", "HEALTH_PORT"),
            Map.entry("--health-address", "HEALTH_ADDRESS"),
            Map.entry("--tls-provider", "TLS_PROVIDER"),
            Map.entry("--metrics-port", "METRICS_PORT"),
            Map.entry("--metrics-series-limit", "METRICS_SERIES_LIMIT"),
            Map.entry("--cluster-id", "ISTIO_META_CLUSTER_ID"),

            Map.entry("--admin-port", "ADMIN_PORT"),
            Map.entry("--drain-duration", "TERMINATION_DRAIN_DURATION"),
            Map.entry("--exit-on-zero-active-connections", "EXIT_ON_ZERO_ACTIVE_CONNECTIONS"),
            Map.entry("--minimum-drain-duration", "MINIMUM_DRAIN_DURATION"),
            Map.entry("--app-probers", AppProbers.ENV));

    @Option(names = "--ca", paramLabel = "URL", order = 1,
            description = "Workload CA base URL, https: in a cluster https://bollard.bollard-system.svc (the Service, port 443), under make run https://127.0.0.1:8443. Required. Env: CA_ADDR.")
    URI ca;

    @Option(names = "--control-plane", paramLabel = "URL", order = 2,
            description = "Control plane (feed) base URL, https. Default: --ca. Env: CONTROL_PLANE_ADDR.")
    URI controlPlane;

    @Option(names = "--token-file", paramLabel = "FILE", order = 3, defaultValue = "/var/run/secrets/tokens/istio-token",
            description = "Projected ServiceAccount token (audience istio-ca), re-read per request. Default: ${DEFAULT-VALUE}. Env: TOKEN_FILE.")
    Path tokenFile;

    @Option(names = "--root-cert", paramLabel = "FILE", order = 4, defaultValue = "/var/run/secrets/istio/root-cert.pem",
            description = "PEM of the mesh root(s): the only trust for the CA, the feed and peers. Default: ${DEFAULT-VALUE}. Env: ROOT_CERT.")
    Path rootCert;

    @Option(names = "--out", paramLabel = "DIR", order = 5, defaultValue = "/etc/istio/proxy",
            description = "Where key.pem, cert-chain.pem, root-cert.pem are also written. Default: ${DEFAULT-VALUE}. Env: OUTPUT_CERTS.")
    Path out;

    @Option(names = "--validity", paramLabel = "SECONDS", order = 6,
            description = "Requested certificate lifetime (default: the CA's, 24 h for Bollard). Env: CERT_VALIDITY_SECONDS.")
    Long validitySeconds;

    @Option(names = "--pod-name", paramLabel = "NAME", order = 7, description = "This pod's name. Required. Env: POD_NAME.")
    String podName;

    @Option(names = "--pod-namespace", paramLabel = "NAMESPACE", order = 8,
            description = "This pod's namespace. Required. Env: POD_NAMESPACE.")
    String podNamespace;

    @Option(names = "--instance-ip", paramLabel = "IP", order = 9, description = "This pod's IP (status.podIP). Env: INSTANCE_IP.")
    String instanceIp;

    @Option(names = "--service-account", paramLabel = "NAME", order = 10,
            description = "This pod's ServiceAccount; checked against the issued SPIFFE ID. Env: SERVICE_ACCOUNT.")
    String serviceAccount;

    @Option(names = "--trust-domain", paramLabel = "DOMAIN", order = 11, defaultValue = "cluster.local",
            description = "The mesh's trust domain. Default: ${DEFAULT-VALUE}. Env: TRUST_DOMAIN.")
    String trustDomain;

    @Option(names = "--inbound-port", paramLabel = "PORT", order = 12, defaultValue = "" + DataPlaneConfig.INBOUND_PORT,
            description = "Where init-iptables redirects inbound TCP. Default: ${DEFAULT-VALUE}. Env: INBOUND_PORT.")
    int inboundPort;

    @Option(names = "--outbound-port", paramLabel = "PORT", order = 13, defaultValue = "" + DataPlaneConfig.OUTBOUND_PORT,
            description = "Where init-iptables redirects outbound TCP. Default: ${DEFAULT-VALUE}. Env: OUTBOUND_PORT.")
    int outboundPort;

    @Option(names = "--health-port", paramLabel = "PORT", order = 14, defaultValue = "" + ReadinessServer.DEFAULT_PORT,
            description = "Port of GET /healthz/ready. Default: ${DEFAULT-VALUE}. Env: HEALTH_PORT.")
    int healthPort;

    @Option(names = "--health-address", paramLabel = "ADDRESS", order = 15, defaultValue = "0.0.0.0",
            description = "Address readiness binds (kubelet probes the pod IP). Default: ${DEFAULT-VALUE}. Env: HEALTH_ADDRESS.")
    String healthAddress;

    @Option(names = "--tls-provider", paramLabel = "auto|openssl|jdk", order = 16, defaultValue = "auto",
            description = "Data plane TLS: BoringSSL (openssl), the JDK's, or auto (BoringSSL where it loads). Default: ${DEFAULT-VALUE}. Env: TLS_PROVIDER.")
    String tlsProvider;

    @Option(names = "--admin-port", paramLabel = "PORT", order = 17, defaultValue = "" + AgentServer.DEFAULT_PORT,
            description = "pilot-agent's status port, all interfaces: POST /quitquitquit (loopback only) ends the proxy at once;"
                    + " GET /healthz/ready. Default: ${DEFAULT-VALUE}. Env: ADMIN_PORT.")
    int adminPort;

    @Option(names = "--drain-duration", paramLabel = "DURATION", order = 18, defaultValue = "5s",
            description = "After SIGTERM: inbound takes no new connections, open ones and outbound go on this long, then the proxy"
                    + " exits 0 (proxy config terminationDrainDuration; e.g. 5s, 1m30s). Default: ${DEFAULT-VALUE}."
                    + " Env: TERMINATION_DRAIN_DURATION.")
    String drainDuration;

    @Option(names = "--exit-on-zero-active-connections", paramLabel = "true|false", order = 19, arity = "0..1",
            defaultValue = "false", fallbackValue = "true",
            description = "End the drain early once no connection is open (after --minimum-drain-duration). Default: ${DEFAULT-VALUE}."
                    + " Env: EXIT_ON_ZERO_ACTIVE_CONNECTIONS.")
    String exitOnZeroActiveConnections;

    @Option(names = "--minimum-drain-duration", paramLabel = "DURATION", order = 20, defaultValue = "5s",
            description = "With --exit-on-zero-active-connections, the part of the drain always waited out. Default: ${DEFAULT-VALUE}."
                    + " Env: MINIMUM_DRAIN_DURATION.")
    String minimumDrainDuration;

    @Option(names = "--metrics-port", paramLabel = "PORT", order = 21, defaultValue = "" + MetricsConfig.DEFAULT_PORT,
            description = "Port of GET /stats/prometheus (Istio's standard metrics); 0 = off. Default: ${DEFAULT-VALUE}. Env: METRICS_PORT.")
    int metricsPort;

    @Option(names = "--metrics-series-limit", paramLabel = "N", order = 22, defaultValue = "" + MetricsConfig.DEFAULT_SERIES_LIMIT,
            description = "Label sets per metric before new ones fold into one overflow series. Default: ${DEFAULT-VALUE}. Env: METRICS_SERIES_LIMIT.")
    int metricsSeriesLimit;

    @Option(names = "--cluster-id", paramLabel = "NAME", order = 23, defaultValue = MetricsConfig.DEFAULT_CLUSTER,
            description = "This cluster's name in the source_cluster/destination_cluster labels. Default: ${DEFAULT-VALUE}. Env: ISTIO_META_CLUSTER_ID.")
    String clusterId;

    @Option(names = "--app-probers", paramLabel = "JSON", order = 24,
            description = "The app probes served on --admin-port under /app-health/ and /app-lifecycle/, as the injector"
                    + " moved them (Istio's JSON: path -> httpGet|tcpSocket|grpc, timeoutSeconds). Env: " + AppProbers.ENV + ".")
    String appProbers;

    @Spec
    CommandSpec spec;

    /** Environment defaults for {@link #ENV}, then the annotations' own defaults. */
    static CommandLine.IDefaultValueProvider environment(Map<String, String> env) {
        return (ArgSpec arg) -> {
            if (arg instanceof OptionSpec option) {
                String var = ENV.get(option.longestName());
                String value = var == null ? null : env.get(var);
                if (value != null && !value.isEmpty()) {
                    return value;
                }
                return option.defaultValue();
            }
            return null;
        };
    }

    /** The flags as a checked config; a bad value is a {@link ParameterException} (exit 2, one line). */
    ProxyConfig toConfig() {
        try {
            if (ca == null) {
                throw new IllegalArgumentException("--ca (or CA_ADDR) is required");
            }
            AgentConfig certificate = new AgentConfig(ca, tokenFile, rootCert, out,
                    Optional.ofNullable(validitySeconds).map(Duration::ofSeconds));
            DataPlaneConfig dataPlane = new DataPlaneConfig(inboundPort, outboundPort, provider(tlsProvider),
                    DataPlaneConfig.defaults().connectTimeout());
            return new ProxyConfig(certificate, controlPlane == null ? ca : controlPlane, podName, podNamespace,
                    Optional.ofNullable(instanceIp).filter(s -> !s.isBlank()).map(ProxyCommand::ip),
                    Optional.ofNullable(serviceAccount).filter(s -> !s.isBlank()), TrustDomain.parse(trustDomain),
                    dataPlane, healthPort, healthAddress, adminPort, drain(),
                    new MetricsConfig(metricsPort, metricsSeriesLimit, clusterId, MetricsConfig.DEFAULT_DOMAIN_SUFFIX),
                    AppProbers.parse(appProbers));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private DrainSettings drain() {
        String exitOnZero = exitOnZeroActiveConnections.trim().toLowerCase(Locale.ROOT);
        if (!exitOnZero.equals("true") && !exitOnZero.equals("false")) {
            throw new IllegalArgumentException("--exit-on-zero-active-connections must be true or false, got '"
                    + exitOnZeroActiveConnections + "'");
        }
        return new DrainSettings(GoDuration.parse(drainDuration, "--drain-duration"), Boolean.parseBoolean(exitOnZero),
                GoDuration.parse(minimumDrainDuration, "--minimum-drain-duration"));
    }

    private static TlsProvider provider(String text) {
        try {
            return TlsProvider.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tls-provider must be auto, openssl or jdk, got '" + text + "'", e);
        }
    }

    private static InetAddress ip(String text) {
        return FeedParser.ip(text, "--instance-ip");
    }

    @Override
    public Integer call() {
        ProxyConfig config = toConfig();
        PrintWriter err = spec.commandLine().getErr();
        try {
            WorkloadTls tls = new WorkloadTls(config.tlsProvider());
            Proxy proxy = new Proxy(config, Clock.systemUTC(), new AgentLog(err, Clock.systemUTC()), tls, tls::update, DataPlane::start);
            // SIGTERM and SIGINT drain, then end run(): the proxy, not the JVM's default handler,
            // decides when it exits, and it exits 0 (the JVM's own handling would exit 143)
            Signals.onTermination(() -> Watchdog.haltAfter(proxy.terminate(), err));
            // any other way the JVM goes (SIGHUP, a signal the handlers could not take): close the
            // listeners and the feed before it does (up to 5 s), not mid-write
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    proxy.stop(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "proxy-shutdown"));
            proxy.onQuit(() -> Watchdog.haltAfter(Duration.ZERO, err));
            proxy.run();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (RuntimeException e) {
            err.println("bollard proxy: " + e.getMessage());
            err.flush();
            return FAILED;
        }
    }

    /** Where a verified certificate goes: {@link WorkloadTls#update} in production. */
    @FunctionalInterface
    interface TlsInstaller {
        void update(java.security.PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trustedRoots);
    }

    /** {@link DataPlane#start} in production. */
    @FunctionalInterface
    interface DataPlaneStarter {
        Drainable start(DataPlaneConfig config, java.util.function.Supplier<MeshSnapshot> mesh, WorkloadTls tls,
                ConnectionLog log);
    }

    /** The running sidecar: certificate → TLS and feed; feed → snapshot; both → data plane. */
    static final class Proxy {
        private final ProxyConfig config;
        private final Clock clock;
        private final AgentLog log;
        private final WorkloadTls tls;
        private final TlsInstaller installer;
        private final DataPlaneStarter dataPlane;
        private final AtomicReference<MeshSnapshot> mesh = new AtomicReference<>(MeshSnapshot.EMPTY);
        private final CountDownLatch firstCertificate = new CountDownLatch(1);
        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile Thread runner;
        private final Readiness readiness;
        private final ProxyTelemetry telemetry;
        private volatile AsyncConnectionLog connectionLog;
        private final Termination termination = new Termination();
        private volatile boolean serving;
        private volatile Runnable onQuit = () -> { };

        Proxy(ProxyConfig config, Clock clock, AgentLog log, WorkloadTls tls, TlsInstaller installer, DataPlaneStarter dataPlane) {
            this.config = config;
            this.clock = clock;
            this.log = log;
            this.tls = tls;
            this.installer = installer;
            this.dataPlane = dataPlane;
            this.readiness = new Readiness(mesh, clock);
            this.telemetry = new ProxyTelemetry(config.metrics(), config.podNamespace(), mesh::get,
                    () -> readiness.installed().flatMap(Credentials::uriSan));
        }

        void run() throws InterruptedException {
            runner = Thread.currentThread();
            try {
                if (termination.phase() != Termination.Phase.SERVING) {
                    return; // told to end before it started (a signal that came before run)
                }
                serve();
            } finally {
                stopped.countDown();
            }
        }

        private void serve() throws InterruptedException {
            SecureRandom random = new SecureRandom();
            URI feedUrl = FeedClient.endpoint(config.controlPlane(), config.podName(), config.podNamespace(),
                    config.instanceIp().map(InetAddress::getHostAddress).orElse(null));
            try (ReadinessServer health = ReadinessServer.start(
                         new InetSocketAddress(config.healthAddress(), config.healthPort()), readiness::problem);
                 // all interfaces, as pilot-agent's :15020; /quitquitquit itself answers loopback only
                 AgentServer agent = AgentServer.start(new InetSocketAddress(config.adminPort()), readiness::problem, this::quit,
                         config.appProbers(), new AppProber());
                 FeedClient feed = new FeedClient(feedUrl, mesh, log, clock, random::nextDouble, FeedClient.Timing.DEFAULT);
                 ProxyTelemetry.Endpoint metrics = telemetry.serve(config.healthAddress(), health(feed))) {
                log.info("readiness on " + config.healthAddress() + ":" + health.port() + ReadinessServer.READY_PATH
                        + "; " + AgentServer.QUIT_PATH + " on " + agent.port()
                        + "; certificates from " + config.certificate().certificatesEndpoint() + "; feed " + feedUrl
                        + (metrics.port() < 0 ? "; metrics off" : "; metrics on " + metrics.port() + MetricsServer.PATH));
                CertificateWatcher watcher = CertificateWatcher.inMemory(CertificateFetcher.of(config.certificate(), clock, random),
                        clock, random::nextDouble, log, credentials -> {
                            install(credentials, feed);
                            firstCertificate.countDown();
                        });
                Thread renewals = new Thread(() -> {
                    try {
                        watcher.run(d -> Thread.sleep(d.toMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "certificate-renewal");
                renewals.setDaemon(true);
                renewals.start();
                try {
                    feed.start();
                    firstCertificate.await();
                    awaitFirstConfiguration();
                    serveDataPlane();
                } finally {
                    renewals.interrupt(); // the proxy stops as a whole, not its listeners only
                }
            }
        }

        private void serveDataPlane() throws InterruptedException {
            // stdout is a pipe to the container runtime: a stalled reader must not stall the event loops
            AsyncConnectionLog connections = new AsyncConnectionLog(ConnectionLog.stdout(), AsyncConnectionLog.DEFAULT_CAPACITY);
            connectionLog = connections;
            Drainable listeners;
            try {
                listeners = dataPlane.start(config.dataPlane(), mesh::get, tls, telemetry.wrap(connections));
            } catch (RuntimeException e) {
                connections.close();
                throw e;
            }
            try {
                readiness.listening();
                serving = true;
                log.info("data plane listening on " + config.dataPlane().outboundPort() + " (outbound) and "
                        + config.dataPlane().inboundPort() + " (inbound); ready");
                // until SIGTERM (terminate), /quitquitquit (quit), or an interrupt (stop)
                if (termination.awaitShutdown() == Termination.Phase.DRAINING) {
                    drain(listeners);
                }
            } finally {
                // unready first: kubelet stops sending traffic while the listeners are going away
                readiness.stopping();
                try {
                    listeners.close();
                } catch (Exception e) {
                    log.warn("data plane: closing the listeners failed: " + e.getMessage());
                }
                connections.close(); // the lines of the connections the close ended
            }
        }

        /** Inbound takes no new connections; open ones and outbound go on until the drain is over. */
        private void drain(Drainable listeners) throws InterruptedException {
            DrainSettings drain = config.drain();
            listeners.stopInbound();
            log.info("draining: inbound refuses new connections, " + listeners.openConnections() + " open; exiting within "
                    + drain.drainDuration().toMillis() + " ms" + (drain.exitOnZeroActiveConnections()
                    ? " or once none is open after " + drain.minimumDrainDuration().toMillis() + " ms" : ""));
            termination.awaitDrained(drain, listeners::openConnections);
            log.info("drain over; closing " + listeners.openConnections() + " open connection(s) and exiting");
        }

        /**
         * SIGTERM: unready at once (kubelet takes the pod out of its Services' endpoints), then
         * the drain; a second one ends it. Before the data plane serves there is nothing to
         * drain: run ends at once. Returns how long the proxy may still take to exit.
         */
        Duration terminate() {
            readiness.stopping();
            Termination.Phase phase = termination.terminate();
            boolean draining = phase == Termination.Phase.DRAINING && serving;
            log.info(draining ? "SIGTERM: draining for up to " + config.drain().drainDuration().toMillis() + " ms"
                    : "SIGTERM: exiting now");
            if (!serving) {
                interruptRunner();
            }
            return draining ? config.drain().drainDuration() : Duration.ZERO;
        }

        /** {@code POST /quitquitquit}: exits at once, without a drain (pilot-agent's behaviour). */
        void quit() {
            readiness.stopping();
            termination.quit();
            log.info(AgentServer.QUIT_PATH + ": exiting now");
            if (!serving) {
                interruptRunner();
            }
            onQuit.run();
        }

        /** What {@link #quit} also does once the proxy is told to end (the command: bound the exit). */
        void onQuit(Runnable action) {
            onQuit = action;
        }

        private void interruptRunner() {
            Thread t = runner;
            if (t != null && stopped.getCount() > 0) {
                t.interrupt();
            }
        }

        /**
         * Ends {@link #run} wherever it is (waiting for a certificate, a configuration, or serving):
         * listeners, feed and readiness close in reverse order of their start. Returns once they
         * have, or after {@code timeout}.
         */
        void stop(Duration timeout) throws InterruptedException {
            Thread t = runner;
            if (t != null && stopped.getCount() > 0) {
                t.interrupt();
                stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }

        /** Where the health metrics read their facts: readiness, the feed, the snapshot, the connection log. */
        private ProxyHealth health(FeedClient feed) {
            return new ProxyHealth(() -> readiness.installed().map(Credentials::notAfter), feed::connected,
                    () -> mesh.get().version(), () -> readiness.isListening() ? 2 : 0, () -> readiness.problem().isEmpty(),
                    () -> {
                        AsyncConnectionLog current = connectionLog;
                        return current == null ? 0 : current.dropped();
                    });
        }

        /** Every verified issuance: TLS contexts, the feed's next connection, readiness. */
        private void install(Credentials credentials, FeedClient feed) {
            List<X509Certificate> roots = roots(TrustBundle.load(config.certificate().rootCert()).roots(), credentials.root());
            checkIdentity(credentials);
            installer.update(credentials.key(), credentials.chain(), roots);
            feed.useCertificate(credentials.key(), credentials.chain(), roots);
            readiness.installed(credentials);
        }

        /** Warns (does not fail) when the CA's identity is not what the pod's settings say. */
        private void checkIdentity(Credentials credentials) {
            try {
                var id = CertificateIdentity.of(credentials.leaf());
                String expected = "spiffe://" + config.trustDomain() + "/ns/" + config.podNamespace() + "/sa/"
                        + config.serviceAccount().orElse("*");
                boolean matches = id.trustDomain().equals(config.trustDomain())
                        && id.namespace().map(config.podNamespace()::equals).orElse(false)
                        && config.serviceAccount().map(sa -> id.path().endsWith("/sa/" + sa)).orElse(true);
                if (!matches) {
                    log.warn("issued identity " + id + " is not " + expected + " (check --trust-domain, --pod-namespace, --service-account)");
                }
            } catch (IllegalArgumentException e) {
                log.warn("issued certificate carries no SPIFFE ID: " + e.getMessage());
            }
        }

        /** The data plane waits for a first configuration: before it, nothing is known to be meshed. */
        private void awaitFirstConfiguration() throws InterruptedException {
            while (mesh.get().isEmpty()) {
                Thread.sleep(20);
            }
        }
    }

    /** The --root-cert roots plus the CA's answered root, without duplicates, in that order. */
    static List<X509Certificate> roots(List<X509Certificate> bundle, X509Certificate answered) {
        List<X509Certificate> roots = new ArrayList<>(bundle);
        if (!roots.contains(answered)) {
            roots.add(answered);
        }
        return List.copyOf(roots);
    }
}
