package dev.bollard.proxy.outbound;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses which of a Service's endpoints a connection goes to: an index in {@code [0, size)}.
 * An interface so that route tests inject the index; the data plane uses {@link #roundRobin()}.
 */
@FunctionalInterface
public interface EndpointPicker {
    int pick(int size);

    /**
     * Round robin over the endpoint list, one counter for the whole listener (kube-proxy in
     * iptables mode picks at random; round robin spreads a burst of connections more evenly).
     * Thread-safe; the list may change between calls, hence the modulo on every call.
     */
    static EndpointPicker roundRobin() {
        AtomicLong next = new AtomicLong();
        return size -> (int) Math.floorMod(next.getAndIncrement(), (long) size);
    }
}
