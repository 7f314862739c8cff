package dev.bollard.proxy.telemetry;

import java.util.concurrent.atomic.LongAdder;

/** A monotonic count; {@link LongAdder}, so event loop threads never contend on one word. */
public final class Counter implements Series {
    private final LongAdder value = new LongAdder();

    public void add(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("counter: negative increment " + amount);
        }
        value.add(amount);
    }

    public void increment() {
        value.increment();
    }

    public long value() {
        return value.sum();
    }

    @Override
    public void write(StringBuilder out, String name, String labels) {
        out.append(name).append(labels).append(' ').append(value.sum()).append('\n');
    }
}
