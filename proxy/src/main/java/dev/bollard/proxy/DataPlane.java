package dev.bollard.proxy;

import java.util.function.Supplier;

import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.tls.WorkloadTls;

/**
 * The inbound and outbound listeners. (Interface stub: the data plane issue fills it in.)
 */
public final class DataPlane implements AutoCloseable {
    private DataPlane() {
    }

    /** Binds both listeners; each connection reads {@code mesh} once when it starts. */
    public static DataPlane start(DataPlaneConfig config, Supplier<MeshSnapshot> mesh, WorkloadTls tls, ConnectionLog log) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public void close() {
    }
}
