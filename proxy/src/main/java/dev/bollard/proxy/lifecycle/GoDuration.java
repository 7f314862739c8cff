package dev.bollard.proxy.lifecycle;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Istio's proxy config and pilot-agent's environment write them: Go's
 * {@code time.ParseDuration} form ({@code 5s}, {@code 1m30s}, {@code 250ms}, {@code 1.5s}), which
 * is also the JSON form of a protobuf Duration. A bare number is seconds, as Istio's older
 * {@code TERMINATION_DRAIN_DURATION_SECONDS} took it. Negative values are refused: a drain cannot
 * last less than nothing.
 */
public final class GoDuration {
    /** A drain longer than a day is a typo, not a plan (and keeps the arithmetic far from overflow). */
    static final Duration MAX = Duration.ofDays(1);

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d*)?|\\.\\d+");
    private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of(
            "ns", BigDecimal.ONE,
            "us", BigDecimal.valueOf(1_000),
            "µs", BigDecimal.valueOf(1_000),
            "ms", BigDecimal.valueOf(1_000_000),
            "s", BigDecimal.valueOf(1_000_000_000),
            "m", BigDecimal.valueOf(60_000_000_000L),
            "h", BigDecimal.valueOf(3_600_000_000_000L));

    private GoDuration() {
    }

    /** @param what the flag or setting, for the message of a bad value */
    public static Duration parse(String text, String what) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty; give a duration such as 5s, 1m30s or 500ms");
        }
        BigDecimal nanos = NUMBER.matcher(s).matches() ? new BigDecimal(s).multiply(NANOS_PER_UNIT.get("s")) : sum(s, what);
        if (nanos.compareTo(BigDecimal.valueOf(MAX.toNanos())) > 0) {
            throw new IllegalArgumentException(what + " '" + text + "' is longer than " + MAX.toHours() + "h");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static BigDecimal sum(String s, String what) {
        if (s.startsWith("-")) {
            throw new IllegalArgumentException(what + " '" + s + "' is negative");
        }
        String body = s.startsWith("+") ? s.substring(1) : s;
        Matcher part = PART.matcher(body);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < body.length() && part.find(at) && part.start() == at) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(NANOS_PER_UNIT.get(part.group(2))));
            at = part.end();
        }
        if (at != body.length() || body.isEmpty()) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a duration (e.g. 5s, 1m30s, 500ms; units ns, us, ms, s, m, h)");
        }
        return nanos;
    }
}
