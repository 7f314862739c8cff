package dev.bollard.proxy.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.bollard.proxy.DataPlane;
import dev.bollard.proxy.DataPlaneConfig;
import dev.bollard.proxy.state.MeshEndpoint;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.MtlsPolicy;
import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.testing.Mesh;
import dev.bollard.proxy.testing.TestPki;
import dev.bollard.proxy.tls.TlsProvider;

/**
 * Runs inside the throwaway network namespace {@link OriginalDestinationNetnsTest} prepared (its
 * loopback holding 10.77.0.1 + 10.77.0.2 and fd77::1 + fd77::2, nat REDIRECT rules for
 * connections from the .2 addresses), with the real {@code SO_ORIGINAL_DST} lookup. Prints
 * {@code PASS name} or {@code FAIL name: why} per check and exits 0 only when all passed.
 */
public final class NetnsProbe {
    static final BlockingQueue<String> LOG = new LinkedBlockingQueue<>();
    static final List<String> FAILURES = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        InetAddress pod4 = InetAddress.getByName("10.77.0.1");
        InetAddress client4 = InetAddress.getByName("10.77.0.2");
        InetAddress pod6 = InetAddress.getByName("fd77::1");
        InetAddress client6 = InetAddress.getByName("fd77::2");
        // the application: answers with the address it sees the client at, then echoes
        for (InetAddress loopback : new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")}) {
            serve(new ServerSocket(8080, 50, loopback), "app");
            serve(new ServerSocket(8443, 50, loopback), "app");
        }
        serve(new ServerSocket(9000, 50, pod4), "remote");
        serve(new ServerSocket(9000, 50, pod6), "remote");

        TestPki pki = new TestPki("netns-root");
        // the pod is a mesh endpoint (outbound originates mTLS to it) except on 9000, where it DISABLEs mTLS
        MeshEndpoint self4 = new MeshEndpoint(pod4, Mesh.id("pod"), "demo/pod-0",
                new MtlsPolicy(PeerAuthenticationMode.PERMISSIVE, Map.of(9000, PeerAuthenticationMode.DISABLE), "demo/netns"));
        MeshSnapshot snapshot = new MeshSnapshot("1", new MtlsPolicy(PeerAuthenticationMode.PERMISSIVE,
                Map.of(8443, PeerAuthenticationMode.STRICT), "demo/netns"), Map.of(pod4, self4));
        try (DataPlane dp = DataPlane.start(new DataPlaneConfig(15006, 15001, TlsProvider.AUTO, Duration.ofSeconds(2)),
                () -> snapshot, pki.workload(Mesh.TD + "pod").tls(TlsProvider.AUTO), line -> {
                    System.out.println("LOG " + line);
                    LOG.add(line);
                })) {
            check("outbound-v4-passthrough", client4, new InetSocketAddress(pod4, 9000), "remote saw 10.77.0.1",
                    l -> l.contains(" outbound 10.77.0.2:") && l.contains(" -> 10.77.0.1:9000 peer=- passthrough bytes_out=5 bytes_in="));
            check("inbound-v4-plaintext", client4, new InetSocketAddress(pod4, 8080), "app saw 127.0.0.6",
                    l -> l.contains(" inbound 10.77.0.2:") && l.contains(" -> 10.77.0.1:8080 peer=- plaintext bytes_in=5 ")
                            && l.endsWith("policy=demo/netns mode=PERMISSIVE"));
            // 8443: outbound mTLS to ourselves as a mesh pod, then inbound terminates it (STRICT port)
            checkMesh(client4, new InetSocketAddress(pod4, 8443));
            checkDirect("direct-to-15001-is-refused", new InetSocketAddress(pod4, 15001));
            checkDirect("direct-to-15006-is-refused", new InetSocketAddress(pod4, 15006));
            check("outbound-v6-passthrough", client6, new InetSocketAddress(pod6, 9000), "remote saw fd77:0:0:0:0:0:0:1",
                    l -> l.contains(" outbound [fd77:0:0:0:0:0:0:2]:") && l.contains(" -> [fd77:0:0:0:0:0:0:1]:9000 peer=- passthrough"));
            check("inbound-v6-plaintext", client6, new InetSocketAddress(pod6, 8080), "app saw 0:0:0:0:0:0:0:1",
                    l -> l.contains(" inbound [fd77:0:0:0:0:0:0:2]:") && l.contains(" -> [fd77:0:0:0:0:0:0:1]:8080 peer=- plaintext"));
        }
        System.out.println(FAILURES.isEmpty() ? "ALL PASSED" : "FAILED " + FAILURES);
        System.exit(FAILURES.isEmpty() ? 0 : 1);
    }

    static void serve(ServerSocket server, String name) {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Socket s = server.accept();
                    Thread c = new Thread(() -> {
                        try (s) {
                            s.getOutputStream().write((name + " saw " + s.getInetAddress().getHostAddress() + "\n").getBytes());
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // the check reports what the client saw
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    static void check(String name, InetAddress source, InetSocketAddress target, String greeting, Predicate<String> logLine) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(5000);
            s.bind(new InetSocketAddress(source, 0));
            s.connect(target, 5000);
            s.getOutputStream().write("hello".getBytes());
            s.shutdownOutput();
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!reply.equals(greeting + "\nhello")) {
                fail(name, "reply was '" + reply.replace("\n", "\\n") + "'");
                return;
            }
            expectLog(name, logLine);
        } catch (IOException | InterruptedException e) {
            fail(name, e.toString());
        }
    }

    static void checkMesh(InetAddress source, InetSocketAddress target) throws InterruptedException {
        String name = "mesh-v4-mtls-both-ways";
        check(name + " (inbound)", source, target, "app saw 127.0.0.6",
                l -> l.contains(" inbound 10.77.0.1:") && l.contains(" -> 10.77.0.1:8443 peer=spiffe://cluster.local/ns/demo/sa/pod mtls")
                        && l.endsWith("policy=demo/netns mode=STRICT"));
        expectLog(name + " (outbound)", l -> l.contains(" outbound 10.77.0.2:") && l.contains(" -> 10.77.0.1:8443 peer=spiffe://cluster.local/ns/demo/sa/pod mtls"));
    }

    static void checkDirect(String name, InetSocketAddress target) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(5000);
            s.connect(target, 5000);
            InputStream in = s.getInputStream();
            int b;
            try {
                b = in.read();
            } catch (IOException reset) {
                b = -1;
            }
            if (b != -1) {
                fail(name, "got a byte from a connection that should be closed");
                return;
            }
            expectLog(name, l -> l.contains("refused=\"no original destination"));
        } catch (IOException | InterruptedException e) {
            fail(name, e.toString());
        }
    }

    static void expectLog(String name, Predicate<String> matches) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = LOG.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (matches.test(line)) {
                System.out.println("PASS " + name);
                LOG.addAll(seen);
                return;
            }
            seen.add(line);
        }
        LOG.addAll(seen);
        fail(name, "no matching log line among " + seen);
    }

    static void fail(String name, String why) {
        System.out.println("FAIL " + name + ": " + why);
        FAILURES.add(name);
    }
}
