package dev.bollard.proxy.telemetry;

import java.util.List;

/** Writes a metric family of a value computed at scrape time (gauges, and counters kept elsewhere). */
final class Gauges {
    private Gauges() {
    }

    static void one(StringBuilder out, String name, String type, String help, double value) {
        Exposition.header(out, name, help, type);
        out.append(name).append(' ').append(Exposition.number(value)).append('\n');
    }

    static void labelled(StringBuilder out, String name, String type, String help, List<String> labelNames,
                         List<List<String>> labelValues, List<Double> values) {
        if (values.isEmpty()) {
            return;
        }
        Exposition.header(out, name, help, type);
        for (int i = 0; i < values.size(); i++) {
            out.append(name).append(Exposition.labels(labelNames, labelValues.get(i))).append(' ')
                    .append(Exposition.number(values.get(i))).append('\n');
        }
    }
}
