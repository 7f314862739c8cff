package dev.bollard.iptables;

import dev.bollard.iptables.CaptureValueException.Problem;

/**
 * One destination port or an inclusive range of ports, as written in the flags ("8080" or
 * "8000-8999"; iptables' own "8000:8999" is accepted too).
 */
public record PortRange(int low, int high) {

    static final int MIN_PORT = 1;
    static final int MAX_PORT = 65535;

    public PortRange {
        if (low < MIN_PORT || high > MAX_PORT) {
            String written = low + (low == high ? "" : "-" + high);
            throw new CaptureValueException(Problem.PORT_OUT_OF_RANGE, written,
                    "port must be between 1 and 65535, got " + written);
        }
        if (low > high) {
            throw new CaptureValueException(Problem.REVERSED_PORT_RANGE, low + "-" + high,
                    "port range " + low + "-" + high + " ends before it starts");
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
            int port = number(s, s);
            return new PortRange(port, port);
        }
        return new PortRange(number(s.substring(0, dash), s), number(s.substring(dash + 1), s));
    }

    private static int number(String s, String whole) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            throw new CaptureValueException(Problem.NOT_A_PORT, whole, "'" + s + "' is not a port number");
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
