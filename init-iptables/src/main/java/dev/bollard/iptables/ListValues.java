package dev.bollard.iptables;

import dev.bollard.iptables.CaptureValueException.Problem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Comma-separated flag values. An empty string is an empty list (the injection template writes
 * "--exclude-outbound-ports=" when nothing is excluded); duplicates are dropped, order is kept.
 */
final class ListValues {
    // Linux interface names: at most 15 bytes, no '/' or whitespace; '+' is iptables' wildcard suffix
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}\\+?");

    private ListValues() {
    }

    static List<PortRange> ports(String text) {
        return parse(text, PortRange::parse);
    }

    static List<Cidr> cidrs(String text) {
        return parse(text, Cidr::parseNetwork);
    }

    static List<String> interfaces(String text) {
        return parse(text, name -> {
            if (!INTERFACE.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                throw new CaptureValueException(Problem.NOT_AN_INTERFACE, name,
                        "'" + name + "' is not a network interface name");
            }
            return name;
        });
    }

    static <T> List<T> parse(String text, Function<String, T> item) {
        LinkedHashSet<T> out = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return List.of();
        }
        for (String part : text.split(",", -1)) {
            String s = part.strip();
            if (s.isEmpty()) {
                throw new CaptureValueException(Problem.EMPTY_ENTRY, text.strip(), "empty entry in list '" + text + "'");
            }
            out.add(item.apply(s));
        }
        return List.copyOf(out);
    }

    static <T> List<T> union(List<T> first, List<T> second) {
        LinkedHashSet<T> out = new LinkedHashSet<>(first);
        out.addAll(second);
        return List.copyOf(out);
    }

    static String join(List<?> values) {
        return String.join(",", values.stream().map(Object::toString).toList());
    }
}
