package dev.bollard.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.bollard.identity.SpiffeId;
import dev.bollard.proxy.DataPlane;
import dev.bollard.proxy.DataPlaneConfig;
import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.net.OriginalDestination;
import dev.bollard.proxy.state.MeshEndpoint;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.MtlsPolicy;
import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.state.ServiceTarget;
import dev.bollard.proxy.tls.TlsProvider;
import dev.bollard.proxy.tls.WorkloadTls;

/** Test fixtures: a data plane on loopback with a fake original-destination table, a log that records, blocking apps. */
public final class Mesh {
    private Mesh() {
    }

    public static final String TD = "spiffe://cluster.local/ns/demo/sa/";

    public static SpiffeId id(String sa) {
        return SpiffeId.parse(TD + sa);
    }

    /** A collecting connection log. */
    public static final class Lines implements ConnectionLog {
        public final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        @Override
        public void write(String line) {
            lines.add(line);
            System.err.println("LOG " + line);
        }

        public String next() throws InterruptedException {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no connection log line within 10 s");
            }
            return line;
        }
    }

    /** One proxy: its data plane, snapshot, TLS and the original destination of each listener port. */
    public static final class Proxy implements AutoCloseable {
        public final AtomicReference<MeshSnapshot> mesh = new AtomicReference<>(MeshSnapshot.EMPTY);
        public final Map<Integer, InetSocketAddress> originals = new ConcurrentHashMap<>();
        public final Lines log = new Lines();
        public final WorkloadTls tls;
        public final DataPlane dp;

        public Proxy(WorkloadTls tls, Duration sniffTimeout) {
            this.tls = tls;
            OriginalDestination.Lookup lookup = ch -> Optional.ofNullable(
                    originals.get(((InetSocketAddress) ch.localAddress()).getPort()));
            dp = DataPlane.start(new DataPlaneConfig(0, 0, TlsProvider.AUTO, Duration.ofSeconds(2), sniffTimeout),
                    mesh::get, tls, log, lookup);
        }

        public Proxy(WorkloadTls tls) {
            this(tls, DataPlaneConfig.SNIFF_TIMEOUT);
        }

        public int inboundPort() {
            return dp.inboundAddress().getPort();
        }

        public int outboundPort() {
            return dp.outboundAddress().getPort();
        }

        /** Outbound connections are "originally" for {@code dst}; inbound ones for the application port. */
        public void outboundTo(InetSocketAddress dst) {
            originals.put(outboundPort(), dst);
        }

        public void inboundFor(int appPort) {
            originals.put(inboundPort(), new InetSocketAddress(InetAddress.getLoopbackAddress(), appPort));
        }

        public void self(PeerAuthenticationMode mode, String policy) {
            MeshSnapshot now = mesh.get();
            mesh.set(new MeshSnapshot("1", new MtlsPolicy(mode, Map.of(), policy), now.endpoints(), now.services()));
        }

        /** Lists 127.0.0.1 as a meshed pod with {@code identity}. */
        public void meshPeerOnLoopback(SpiffeId identity, PeerAuthenticationMode mode) {
            MeshEndpoint b = new MeshEndpoint(InetAddress.getLoopbackAddress(), identity, "demo/b-0",
                    new MtlsPolicy(mode, Map.of(), "demo/default"));
            mesh.set(new MeshSnapshot("2", mesh.get().self(), Map.of(b.ip(), b), mesh.get().services()));
        }

        /** Lists a Service: ClusterIP:port {@code vip} with {@code endpoints}, keeping the endpoints listed so far. */
        public void service(String name, InetSocketAddress vip, InetSocketAddress... endpoints) {
            MeshSnapshot now = mesh.get();
            Map<InetSocketAddress, ServiceTarget> services = new java.util.HashMap<>(now.services());
            services.put(vip, new ServiceTarget(name, List.of(endpoints)));
            mesh.set(new MeshSnapshot("3", now.self(), now.endpoints(), services));
        }

        @Override
        public void close() {
            dp.close();
        }
    }

    /** A blocking application server on 127.0.0.1 running {@code handler} per accepted socket. */
    public static final class App implements AutoCloseable {
        public final ServerSocket server;
        public final BlockingQueue<InetSocketAddress> clients = new LinkedBlockingQueue<>();
        private final List<Thread> threads = new ArrayList<>();

        public App(Consumer<Socket> handler) throws IOException {
            server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        clients.add((InetSocketAddress) s.getRemoteSocketAddress());
                        Thread t = new Thread(() -> {
                            try (s) {
                                handler.accept(s);
                            } catch (IOException | RuntimeException ignored) {
                                // the test asserts on what the client saw
                            }
                        }, "app-conn");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "app-accept");
            accept.setDaemon(true);
            accept.start();
            threads.add(accept);
        }

        public int port() {
            return server.getLocalPort();
        }

        /** Echoes until EOF, then closes. */
        public static App echo() throws IOException {
            return new App(s -> {
                try {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    public static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        s.setSoTimeout(20_000);
        return s;
    }

    public static byte[] roundTrip(Socket s, byte[] request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request);
        out.flush();
        s.shutdownOutput();
        InputStream in = s.getInputStream();
        return in.readAllBytes();
    }
}
