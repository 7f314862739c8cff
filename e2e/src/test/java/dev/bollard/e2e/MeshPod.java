package dev.bollard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One pod of a {@link MeshNetwork}: its namespace (eth0 on the bridge), the plain app as
 * {@link #APP_UID}, and for a meshed pod the proxy as {@link #PROXY_UID} behind the capture rules
 * bin/init-iptables installed. Logs and the pod's "volumes" (token, root cert, out dir) live in
 * {@link #dir}.
 */
final class MeshPod {
    static final long APP_UID = 1001;
    static final long PROXY_UID = 1337;
    static final int HTTP_PORT = 8080;
    static final int ECHO_PORT = 9090;
    static final int HEALTH_PORT = 15021;
    static final String TRUST_DOMAIN = "cluster.local";

    /**
     * What to build. {@code listedName}/{@code listedAs} are the Pod the control plane lists at
     * this pod's IP: normally itself; another pod and service account make an impostor (whose
     * own pod name the control plane does not know, so its feed still answers). Both null: the
     * pod is not in the mesh file. {@code drainDuration} is the proxy's TERMINATION_DRAIN_DURATION:
     * {@link #E2E_DRAIN} unless a test is about the drain, so stopping a pod does not wait out
     * the production default.
     */
    record Spec(String namespace, String name, String serviceAccount, boolean sidecar, String listedName,
                String listedAs, Integer validitySeconds, String drainDuration, String appProbers) {
        static final String E2E_DRAIN = "1s";

        static Spec meshed(String namespace, String name, String serviceAccount) {
            return new Spec(namespace, name, serviceAccount, true, name, serviceAccount, null, E2E_DRAIN, null);
        }

        static Spec legacy(String namespace, String name) {
            return new Spec(namespace, name, "default", false, null, null, null, E2E_DRAIN, null);
        }

        Spec impersonating(String otherPod, String otherServiceAccount) {
            return new Spec(namespace, name, serviceAccount, sidecar, otherPod, otherServiceAccount, validitySeconds, drainDuration, appProbers);
        }

        Spec validity(int seconds) {
            return new Spec(namespace, name, serviceAccount, sidecar, listedName, listedAs, seconds, drainDuration, appProbers);
        }

        Spec drain(String duration) {
            return new Spec(namespace, name, serviceAccount, sidecar, listedName, listedAs, validitySeconds, duration, appProbers);
        }

        /** The proxy's ISTIO_KUBE_APP_PROBERS, as the injector writes it. */
        Spec appProbers(String json) {
            return new Spec(namespace, name, serviceAccount, sidecar, listedName, listedAs, validitySeconds, drainDuration, json);
        }
    }

    final Spec spec;
    final Netns netns;
    final String ip;
    /** The bridge side of the pod's veth, in the router namespace: where tcpdump sees the wire. */
    final String hostVeth;
    final Path dir;
    private Process app;
    private Process proxy;

    MeshPod(Spec spec, Netns netns, String ip, String hostVeth, Path dir) {
        this.spec = spec;
        this.netns = netns;
        this.ip = ip;
        this.hostVeth = hostVeth;
        this.dir = dir;
    }

    String spiffeId() {
        return spiffeId(spec.serviceAccount());
    }

    String spiffeId(String serviceAccount) {
        return "spiffe://" + TRUST_DOMAIN + "/ns/" + spec.namespace() + "/sa/" + serviceAccount;
    }

    /** The app: {@code scripts/MeshApp.java} compiled in {@code classes}, as {@link #APP_UID}. */
    void startApp(Path classes) throws IOException {
        app = netns.builder(setpriv(APP_UID, "java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-cp", classes.toString(), "MeshApp", spec.name(), Integer.toString(HTTP_PORT),
                        Integer.toString(ECHO_PORT)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile()).start();
    }

    /** The sidecar: {@code bin/bollard proxy} as {@link #PROXY_UID} with the pod's own files. */
    void startProxy(Path rootCert, String token, String caUrl) throws IOException {
        Path token1 = dir.resolve("token");
        Files.writeString(token1, token);
        Files.copy(rootCert, dir.resolve("root-cert.pem"));
        Files.createDirectories(dir.resolve("out"));
        for (Path p : List.of(dir, token1, dir.resolve("root-cert.pem"), dir.resolve("out"))) {
            Processes.run(List.of("chown", PROXY_UID + ":" + PROXY_UID, p.toString()), null, 10).requireSuccess("chown " + p);
        }
        List<String> command = new ArrayList<>(List.of(proxyLauncher(), "proxy", "--ca", caUrl,
                "--root-cert", dir.resolve("root-cert.pem").toString(), "--token-file", token1.toString(),
                "--out", dir.resolve("out").toString(), "--pod-name", spec.name(), "--pod-namespace", spec.namespace(),
                "--instance-ip", ip, "--service-account", spec.serviceAccount()));
        if (spec.validitySeconds() != null) {
            command.addAll(List.of("--validity", spec.validitySeconds().toString()));
        }
        ProcessBuilder builder = netns.builder(setpriv(PROXY_UID, command.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("proxy.log").toFile());
        builder.environment().put("HOME", dir.toString());
        // the environment, not a flag: a launcher from an older build (bollard.e2e.proxy-launcher) ignores it
        builder.environment().put("TERMINATION_DRAIN_DURATION", spec.drainDuration());
        if (spec.appProbers() != null) {
            builder.environment().put("ISTIO_KUBE_APP_PROBERS", spec.appProbers());
        }
        proxy = builder.start();
    }

    /** Waits for the app's READY and, with a sidecar, for 200 on the proxy's /healthz/ready. */
    void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!appLog().contains("READY")) {
            check(app, "app", appLog(), deadline);
        }
        while (proxy != null && !proxyReady()) {
            check(proxy, "proxy", proxyLog(), deadline);
        }
    }

    boolean proxyReady() {
        Processes.Result r = netns.exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "2",
                "http://127.0.0.1:" + HEALTH_PORT + "/healthz/ready");
        return r.stdout().strip().equals("200");
    }

    /** curl as the app uid, so the capture rules apply to it as to any application. */
    Processes.Result curl(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-m", "10"));
        command.addAll(List.of(args));
        return netns.exec(setpriv(APP_UID, command.toArray(String[]::new)));
    }

    /** python3 as the app uid: runs {@code script} with {@code args}. */
    Processes.Result python(long timeoutSeconds, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns.name));
        command.addAll(List.of(setpriv(APP_UID, SocketProbe.python(), "-c", script)));
        command.addAll(List.of(args));
        return Processes.run(command, null, timeoutSeconds);
    }

    String proxyLog() {
        return read(dir.resolve("proxy.log"));
    }

    String appLog() {
        return read(dir.resolve("app.log"));
    }

    /** How many lines the proxy log holds now: pass it to {@link #awaitProxyLine} to see only later ones. */
    long proxyLogMark() {
        return proxyLog().lines().count();
    }

    /**
     * The first proxy log line after line {@code mark} matching {@code test}, within {@code timeout}
     * (connection lines are written when the connection ends). Tests share one mesh, so a mark
     * taken before the request keeps an earlier test's line from answering for this one.
     */
    Optional<String> awaitProxyLine(long mark, Predicate<String> test, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        do {
            Optional<String> line = proxyLog().lines().skip(mark).filter(test).findFirst();
            if (line.isPresent()) {
                return line;
            }
            MeshControlPlane.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return Optional.empty();
    }

    Optional<Process> proxyProcess() {
        return Optional.ofNullable(proxy);
    }

    void stop() {
        for (Process p : new Process[] {proxy, app}) {
            if (p != null) {
                Processes.stop(p);
            }
        }
    }

    /** bin/bollard; {@code -Dbollard.e2e.proxy-launcher=PATH} runs the proof against another build's launcher. */
    private static String proxyLauncher() {
        return System.getProperty("bollard.e2e.proxy-launcher", Repo.bin("bollard").toString());
    }

    private static String[] setpriv(long uid, String... command) {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
        full.addAll(List.of(command));
        return full.toArray(String[]::new);
    }

    private void check(Process p, String what, String log, Instant deadline) {
        if (!p.isAlive()) {
            throw new AssertionError(spec.name() + ": " + what + " exited with " + p.exitValue() + ":\n" + log);
        }
        if (Instant.now().isAfter(deadline)) {
            throw new AssertionError(spec.name() + ": " + what + " not ready in time:\n" + log);
        }
        MeshControlPlane.sleep(200);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("read " + file, e);
        }
    }
}
