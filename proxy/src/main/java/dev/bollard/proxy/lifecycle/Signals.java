package dev.bollard.proxy.lifecycle;

import java.util.List;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT go to the proxy instead of the JVM's shutdown, so that the first starts a
 * drain, a second one ends it, and the exit status is the proxy's own (0), not 128+15. pilot-agent
 * takes both signals the same way. {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's
 * only way to replace a signal's handler; each signal runs {@code handler} on a thread of its own.
 */
public final class Signals {
    private Signals() {
    }

    public static void onTermination(Runnable handler) {
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> handler.run());
        }
    }
}
