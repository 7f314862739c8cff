package dev.bollard.proxy.lifecycle;

/**
 * The data plane as the shutdown sees it: {@link dev.bollard.proxy.DataPlane} in production; a
 * lambda for {@link #close} only where a test has no listeners to drain.
 */
@FunctionalInterface
public interface Drainable extends AutoCloseable {
    /**
     * Closes the inbound listening sockets: the kernel then refuses a new inbound connection
     * (a reset, also for one iptables redirected) while the open ones go on. Outbound keeps
     * accepting, so the application can finish its own calls.
     */
    default void stopInbound() {
    }

    /** Connections accepted and not closed yet, inbound and outbound (Envoy's {@code downstream_cx_active}). */
    default int openConnections() {
        return 0;
    }

    /** Closes the listeners and every open connection. */
    @Override
    void close();
}
