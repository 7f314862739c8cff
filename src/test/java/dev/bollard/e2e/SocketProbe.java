package dev.bollard.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real TCP listeners and clients inside a namespace. The JVM's own sockets live in the JVM's
 * namespace, so small python3 processes started with "ip netns exec" do the socket work; clients
 * run under setpriv with the uid/gid the owner-match rules look at.
 */
final class SocketProbe {
    /**
     * Answers every connection with "LABEL:LOCALPORT orig=ORIGINAL_DESTINATION": SO_ORIGINAL_DST,
     * the address the client dialled before any REDIRECT, so each answer proves where it came from.
     */
    private static final String SERVER = """
            import socket, struct, sys, threading
            label, ports = sys.argv[1], [int(p) for p in sys.argv[2:]]
            def serve(s, port):
                while True:
                    c, _ = s.accept()
                    try:
                        try:
                            d = c.getsockopt(socket.SOL_IP, 80, 16)
                            orig = socket.inet_ntoa(d[4:8]) + ':' + str(struct.unpack('!H', d[2:4])[0])
                        except OSError:  # no conntrack entry in this namespace: not redirected
                            orig = '%s:%d' % c.getsockname()
                        c.sendall(('%s:%d orig=%s\\n' % (label, port, orig)).encode())
                    finally:
                        c.close()
            for p in ports:
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('0.0.0.0', p))
                s.listen(64)
                threading.Thread(target=serve, args=(s, p), daemon=True).start()
            print('READY', flush=True)
            sys.stdin.read()
            """;
    private static final String CLIENT = """
            import socket, sys
            try:
                s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3)
                print(s.makefile().readline().strip())
            except OSError as e:
                print('ERROR %s' % e)
            """;

    private final List<Process> servers = new ArrayList<>();
    private final String python = findPython();

    /** Starts a listener on each port in {@code ns}; returns once all are bound. */
    void listen(Netns ns, String label, int... ports) throws IOException {
        List<String> command = new ArrayList<>(List.of(python, "-c", SERVER, label));
        for (int port : ports) {
            command.add(Integer.toString(port));
        }
        Process p = ns.builder(command.toArray(String[]::new)).redirectErrorStream(true).start();
        servers.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"READY".equals(line)) {
            throw new IllegalStateException("listener " + label + " in " + ns.name + " did not start: " + line);
        }
    }

    /** Connects from {@code ns} as uid/gid and returns the server's answer, or "ERROR ...". */
    String connect(Netns ns, long uid, long gid, String host, int port) {
        Netns.Result r = ns.exec("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                python, "-c", CLIENT, host, Integer.toString(port));
        return r.exit() == 0 ? r.stdout().strip() : "ERROR exit " + r.exit() + ": " + r.stderr().strip();
    }

    void stopAll() {
        for (Process p : servers) {
            p.destroy();
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        servers.clear();
    }

    /** The system python3: pyenv shims under /root are not readable by the app uid. */
    private static String findPython() {
        for (String candidate : List.of("/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "python3";
    }
}
