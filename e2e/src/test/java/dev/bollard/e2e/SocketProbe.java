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
     * Answers every TCP connection or UDP datagram with "LABEL:LOCALPORT orig=DESTINATION", where
     * DESTINATION is SO_ORIGINAL_DST: the address the client dialled before any REDIRECT.
     * Arguments: tcp|udp, bind address, label, ports...
     */
    private static final String SERVER = """
            import socket, struct, sys, threading
            proto, bind, label, ports = sys.argv[1], sys.argv[2], sys.argv[3], [int(p) for p in sys.argv[4:]]
            v6 = ':' in bind
            fam = socket.AF_INET6 if v6 else socket.AF_INET
            def orig(c):
                try:
                    if v6:
                        d = c.getsockopt(41, 80, 28)
                        return '[%s]:%d' % (socket.inet_ntop(fam, d[8:24]), struct.unpack('!H', d[2:4])[0])
                    d = c.getsockopt(socket.SOL_IP, 80, 16)
                    return socket.inet_ntoa(d[4:8]) + ':' + str(struct.unpack('!H', d[2:4])[0])
                except OSError:  # no conntrack entry in this namespace: not redirected
                    a = c.getsockname()
                    return ('[%s]:%d' if v6 else '%s:%d') % a[:2]
            def tcp(s, port):
                while True:
                    c, _ = s.accept()
                    try:
                        c.sendall(('%s:%d orig=%s\\n' % (label, port, orig(c))).encode())
                    finally:
                        c.close()
            def udp(s, port):
                while True:
                    _, peer = s.recvfrom(512)
                    s.sendto(('%s:%d' % (label, port)).encode(), peer)
            for p in ports:
                s = socket.socket(fam, socket.SOCK_STREAM if proto == 'tcp' else socket.SOCK_DGRAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind((bind, p))
                if proto == 'tcp':
                    s.listen(64)
                threading.Thread(target=tcp if proto == 'tcp' else udp, args=(s, p), daemon=True).start()
            print('READY', flush=True)
            sys.stdin.read()
            """;
    /** Arguments: tcp|udp, host, port. Prints the answer; for UDP also who it came from. */
    private static final String CLIENT = """
            import socket, sys
            proto, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
            fam = socket.AF_INET6 if ':' in host else socket.AF_INET
            try:
                if proto == 'tcp':
                    s = socket.create_connection((host, port), timeout=3)
                    print(s.makefile().readline().strip())
                else:
                    s = socket.socket(fam, socket.SOCK_DGRAM)
                    s.settimeout(3)
                    s.sendto(b'query', (host, port))
                    data, peer = s.recvfrom(512)
                    print('%s from %s:%d' % (data.decode(), peer[0], peer[1]))
            except OSError as e:
                print('ERROR %s' % e)
            """;

    private final List<Process> servers = new ArrayList<>();
    private final String python = findPython();

    /** Starts an IPv4 TCP listener, as root, on each port in {@code ns}; returns once all are bound. */
    void listen(Netns ns, String label, int... ports) throws IOException {
        listen(ns, 0, "tcp", "0.0.0.0", label, ports);
    }

    /**
     * Starts listeners as {@code uid} (the owner match sees replies too) on {@code bind} ("::" for
     * IPv6); returns once all are bound.
     */
    void listen(Netns ns, long uid, String proto, String bind, String label, int... ports) throws IOException {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid,
                "--clear-groups", python, "-c", SERVER, proto, bind, label));
        for (int port : ports) {
            command.add(Integer.toString(port));
        }
        Process p = ns.builder(command.toArray(String[]::new)).redirectErrorStream(true).start();
        servers.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"READY".equals(line)) {
            String rest = String.join("\n", out.lines().toList());
            throw new IllegalStateException("listener " + label + " in " + ns.name + " did not start: " + line + "\n" + rest);
        }
    }

    /** Connects over TCP from {@code ns} as uid/gid and returns the server's answer, or "ERROR ...". */
    String connect(Netns ns, long uid, long gid, String host, int port) {
        return send(ns, uid, gid, "tcp", host, port);
    }

    /** Sends one datagram (or TCP connection) and returns the answer, or "ERROR ...". */
    String send(Netns ns, long uid, long gid, String proto, String host, int port) {
        Processes.Result r = ns.exec("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                python, "-c", CLIENT, proto, host, Integer.toString(port));
        return r.exitCode() == 0 ? r.stdout().strip() : "ERROR exit " + r.exitCode() + ": " + r.stderr().strip();
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
    static String python() {
        return PYTHON;
    }

    private static final String PYTHON = findPython();

    private static String findPython() {
        for (String candidate : List.of("/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "python3";
    }
}
