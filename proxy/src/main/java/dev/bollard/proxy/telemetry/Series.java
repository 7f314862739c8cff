package dev.bollard.proxy.telemetry;

/** One time series (or, for a histogram, its bucket, sum and count lines) of a {@link Family}. */
public interface Series {
    /** Appends the sample line(s) for {@code name} with the rendered label set {@code labels}. */
    void write(StringBuilder out, String name, String labels);
}
