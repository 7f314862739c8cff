package dev.bollard.iptables;

/**
 * A flag value init-iptables refuses, with what is wrong as data: the webhook denies an
 * annotation for exactly the values this is thrown for, and words the denial in its own terms
 * from {@link #problem()} and {@link #item()} instead of parsing the message.
 */
public final class CaptureValueException extends IllegalArgumentException {

    /** What is wrong with {@link #item()}. */
    public enum Problem {
        NOT_A_PORT, PORT_OUT_OF_RANGE, REVERSED_PORT_RANGE, EMPTY_ENTRY,
        NOT_AN_ADDRESS, NO_PREFIX_LENGTH, BAD_PREFIX_LENGTH, PREFIX_LENGTH_OUT_OF_RANGE,
        NOT_AN_INTERFACE
    }

    private final Problem problem;
    private final String item;

    CaptureValueException(Problem problem, String item, String message) {
        super(message);
        this.problem = problem;
        this.item = item;
    }

    public Problem problem() {
        return problem;
    }

    /** The list entry (or the whole value, for {@link Problem#EMPTY_ENTRY}) as written, stripped. */
    public String item() {
        return item;
    }
}
