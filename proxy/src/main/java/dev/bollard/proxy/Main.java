package dev.bollard.proxy;

/** Placeholder entry point; the proxy command lands with the data plane. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("bollard proxy: not built yet");
        System.exit(2);
    }
}
