package dev.bollard.iptables;

/**
 * One destination port or an inclusive range of ports, as written in the flags ("8080" or
 * "8000-8999"; iptables' own "8000:8999" is accepted too).
 */
public record PortRange(int low, int high) {

    static final int MIN_PORT = 1;
    static final int MAX_PORT = 65535;

    public PortRange {
        if (low < MIN_PORT || high > MAX_PORT) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + low
                    + (low == high ? "" : "-" + high));
        }
        if (low > high) {
            throw new IllegalArgumentException("port range " + low + "-" + high + " ends before it starts");
        }
    }

    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /** Parses "8080", "8000-8999" or "8000:8999". */
    public static PortRange parse(String text) {
        String s = text.strip();
        int dash = Math.max(s.indexOf('-'), s.indexOf(':'));
        if (dash < 0) {
            int port = number(s);
            return new PortRange(port, port);
        }
        return new PortRange(number(s.substring(0, dash)), number(s.substring(dash + 1)));
    }

    private static int number(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + s + "' is not a port number");
        }
        return Integer.parseInt(s);
    }

    /** How many of iptables' 15 multiport slots this entry takes: a range counts as two. */
    int multiportSlots() {
        return low == high ? 1 : 2;
    }

    /** The iptables spelling: "8080" or "8000:8999". */
    @Override
    public String toString() {
        return low == high ? Integer.toString(low) : low + ":" + high;
    }
}
