package dev.bollard.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * A meshed "pod" namespace and a "remote" one joined by a veth pair (eth0 on both sides), with
 * the listeners started in them. close() stops the listeners and deletes every namespace made here.
 */
final class PodNetwork implements AutoCloseable {
    static final String POD_IP = "10.248.0.2";
    static final String REMOTE_IP = "10.248.0.1";

    final SocketProbe sockets = new SocketProbe();
    final Netns pod;
    final Netns remote;
    private final List<Netns> namespaces = new ArrayList<>();

    private PodNetwork(String name) {
        pod = track(Netns.create(name + "-pod"));
        remote = track(Netns.create(name + "-remote"));
        pod.ok("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", remote.name);
        pod.ok("ip", "addr", "add", POD_IP + "/24", "dev", "eth0");
        remote.ok("ip", "addr", "add", REMOTE_IP + "/24", "dev", "eth0");
    }

    /** Creates both namespaces; {@code ipv6} gives eth0 addresses "PREFIX::2" (pod) and "PREFIX::1". */
    static PodNetwork create(String name, String ipv6Prefix) {
        PodNetwork net = new PodNetwork(name);
        try {
            if (ipv6Prefix != null) {
                // nodad: usable at once instead of after duplicate address detection
                net.pod.ok("ip", "-6", "addr", "add", ipv6Prefix + "::2/64", "dev", "eth0", "nodad");
                net.remote.ok("ip", "-6", "addr", "add", ipv6Prefix + "::1/64", "dev", "eth0", "nodad");
            }
            net.pod.ok("ip", "link", "set", "eth0", "up");
            net.remote.ok("ip", "link", "set", "eth0", "up");
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** Another namespace, deleted with this network. */
    Netns scratch(String role) {
        return track(Netns.create(role));
    }

    @Override
    public void close() {
        sockets.stopAll();
        namespaces.forEach(Netns::close);
    }

    private Netns track(Netns ns) {
        namespaces.add(ns);
        return ns;
    }
}
