package dev.bollard.iptables;

/** Entry point of the init container; the capture logic arrives with the init-iptables issue. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("init-iptables: not implemented yet");
        System.exit(2);
    }
}
