package dev.bollard.e2e;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The namespaces of one *NetnsTest class, as a JUnit extension on a static field: the class is
 * skipped, loudly, where namespaces cannot be made; otherwise the network is built before the
 * class's {@code @BeforeAll} methods and closed after its last test, also when a test failed.
 * Every netns test had its own copy of that start and stop; now each says only what it builds.
 */
final class NetnsFixture<N extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<N> start;
    private N network;

    private NetnsFixture(Supplier<N> start) {
        this.start = start;
    }

    /** A {@link MeshNetwork} of these pods, every proxy ready before the first test. */
    static NetnsFixture<MeshNetwork> mesh(MeshPod.Spec... pods) {
        return new NetnsFixture<>(() -> MeshNetwork.start(List.of(pods)));
    }

    /** A {@link PodNetwork}; see {@link PodNetwork#create(String, String)} for the arguments. */
    static NetnsFixture<PodNetwork> pod(String name, String ipv6Prefix) {
        return new NetnsFixture<>(() -> PodNetwork.create(name, ipv6Prefix));
    }

    /** The running network: from the class's {@code @BeforeAll} methods (and test instances) on. */
    N network() {
        if (network == null) {
            throw new IllegalStateException("the network is built before the test class's @BeforeAll methods, not earlier");
        }
        return network;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Netns.assumePermitted(context.getRequiredTestClass());
        network = start.get();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (network != null) {
            try {
                network.close();
            } finally {
                network = null;
            }
        }
    }
}
