package dev.bollard.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A small cluster out of network namespaces: a router namespace holding bridge br0
 * ({@link #ROUTER_IP}/24) and the control plane ({@code bin/bollard dev}), and one namespace per
 * pod on a veth into the bridge (10.250.0.2, .3, ... in the order given, default route via the
 * router). Meshed pods get the capture rules that injection renders for them, applied by the real
 * bin/init-iptables, a token line in tokens.csv, their Pod object in mesh/pods.yaml and the proxy.
 * close() removes every namespace, process, /etc/netns entry and file, also after a failed start.
 */
final class MeshNetwork implements AutoCloseable {
    static final String SUBNET = "10.250.0.";
    static final String ROUTER_IP = SUBNET + "1";
    static final String BRIDGE = "br0";
    static final String CA_URL = "https://" + MeshControlPlane.SERVICE_HOST + ":" + MeshControlPlane.PORT;

    final Path dir;
    final Netns router;
    MeshControlPlane controlPlane;
    private final Map<String, MeshPod> pods = new LinkedHashMap<>();
    private final List<Netns> namespaces = new ArrayList<>();
    private final List<Path> etcNetns = new ArrayList<>();

    private MeshNetwork(Path dir) {
        this.dir = dir;
        this.router = track(Netns.create("router"));
    }

    private void startRouter() {
        router.ok("ip", "link", "add", BRIDGE, "type", "bridge");
        router.ok("ip", "addr", "add", ROUTER_IP + "/24", "dev", BRIDGE);
        router.ok("ip", "link", "set", BRIDGE, "up");
        controlPlane = MeshControlPlane.start(router, ROUTER_IP, dir.resolve("dev"));
    }

    /** Builds the whole mesh and returns once the control plane and every proxy are ready. */
    static MeshNetwork start(List<MeshPod.Spec> specs) {
        Netns.removeLeftovers();
        Path dir;
        try {
            dir = Files.createTempDirectory("bollard-mesh");
            // the app and proxy uids read the compiled app and their own pod directories
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("temp directory for the mesh", e);
        }
        MeshNetwork net = null;
        try {
            net = new MeshNetwork(dir);
            net.startRouter();
            Path classes = net.compileApp();
            for (MeshPod.Spec spec : specs) {
                net.addPod(spec, classes);
            }
            net.controlPlane.awaitReady();
            net.writePods();
            for (MeshPod pod : net.pods.values()) {
                if (pod.spec.sidecar()) {
                    net.addSidecar(pod);
                }
            }
            for (MeshPod pod : net.pods.values()) {
                pod.awaitReady(Duration.ofSeconds(90));
            }
            return net;
        } catch (IOException e) {
            closeAfterFailedStart(net, dir);
            throw new UncheckedIOException("start the mesh", e);
        } catch (RuntimeException | Error e) {
            closeAfterFailedStart(net, dir);
            throw e;
        }
    }

    private static void closeAfterFailedStart(MeshNetwork net, Path dir) {
        if (net != null) {
            net.close();
        } else {
            deleteTree(dir);
        }
    }

    MeshPod pod(String name) {
        MeshPod pod = pods.get(name);
        if (pod == null) {
            throw new IllegalArgumentException("no pod " + name + " in " + pods.keySet());
        }
        return pod;
    }

    /** Replaces mesh/peer-authentication.yaml with namespace policies; none leaves it empty (PERMISSIVE). */
    void peerAuthentication(ObjectNode... policies) {
        MeshFiles.write(controlPlane.meshFile("peer-authentication.yaml"), List.of(policies));
    }

    /**
     * Replaces mesh/authorization-policies.yaml with {@code yaml} (AuthorizationPolicy documents as a
     * user would {@code kubectl apply} them); an empty string leaves no policy.
     */
    void authorizationPolicies(String yaml) {
        MeshFiles.writeText(controlPlane.meshFile("authorization-policies.yaml"), yaml);
    }

    /** tcpdump on the bridge side of the pod's veth: every byte to or from the pod. */
    Capture capture(MeshPod pod) {
        return Capture.start(router, pod.hostVeth, dir.resolve("capture-" + pod.spec.name() + "-"
                + System.nanoTime() + ".pcap"));
    }

    private void addPod(MeshPod.Spec spec, Path classes) throws IOException {
        String ip = SUBNET + (pods.size() + 2);
        String hostVeth = "vh-" + spec.name();
        Netns ns = track(Netns.create(spec.name()));
        // ip netns exec bind-mounts /etc/netns/NAME/* over /etc: the pod resolves the Service name
        Path etc = Path.of("/etc/netns", ns.name);
        etcNetns.add(etc);
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n::1 localhost\n"
                + ROUTER_IP + " " + MeshControlPlane.SERVICE_HOST + "\n");
        router.ok("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", "eth0", "netns", ns.name);
        router.ok("ip", "link", "set", hostVeth, "master", BRIDGE, "up");
        ns.ok("ip", "addr", "add", ip + "/24", "dev", "eth0");
        ns.ok("ip", "link", "set", "eth0", "up");
        ns.ok("ip", "route", "add", "default", "via", ROUTER_IP);
        Path podDir = Files.createDirectories(dir.resolve("pods").resolve(spec.name()));
        MeshPod pod = new MeshPod(spec, ns, ip, hostVeth, podDir);
        pods.put(spec.name(), pod);
        pod.startApp(classes);
    }

    private void addSidecar(MeshPod pod) throws IOException {
        List<String> initArgs = Injection.initArgs(controlPlane, pod);
        InitIptablesCli.run(pod.netns, initArgs.toArray(String[]::new))
                .requireSuccess("bin/init-iptables " + String.join(" ", initArgs) + " in " + pod.netns.name);
        String token = "tok-" + pod.spec.name() + "-" + UUID.randomUUID();
        controlPlane.addToken(token, pod.spec.namespace(), pod.spec.serviceAccount());
        pod.startProxy(controlPlane.rootCert(), token, CA_URL);
    }

    private void writePods() {
        List<ObjectNode> listed = new ArrayList<>();
        for (MeshPod pod : pods.values()) {
            if (pod.spec.listedAs() != null) {
                listed.add(Injection.podObject(pod, pod.spec.listedName(), pod.spec.listedAs(), true));
            }
        }
        MeshFiles.write(controlPlane.meshFile("pods.yaml"), listed);
        peerAuthentication();
    }

    /** javac once; every pod's app runs the same classes. */
    private Path compileApp() {
        Path classes = dir.resolve("app-classes");
        Processes.run(List.of("javac", "-d", classes.toString(), Repo.root().resolve("scripts/MeshApp.java").toString()),
                null, 120).requireSuccess("javac scripts/MeshApp.java");
        Processes.run(List.of("chmod", "-R", "a+rX", classes.toString()), null, 10).requireSuccess("chmod app classes");
        return classes;
    }

    @Override
    public void close() {
        pods.values().forEach(MeshPod::stop);
        if (controlPlane != null) {
            controlPlane.close();
        }
        namespaces.forEach(Netns::close);
        etcNetns.forEach(MeshNetwork::deleteTree);
        if (Boolean.getBoolean("bollard.e2e.keep")) {
            System.out.println("mesh logs and captures kept in " + dir + " (-Dbollard.e2e.keep)");
        } else {
            deleteTree(dir);
        }
    }

    private Netns track(Netns ns) {
        namespaces.add(ns);
        return ns;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
