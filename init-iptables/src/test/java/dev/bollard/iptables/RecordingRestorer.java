package dev.bollard.iptables;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Fake kernel edge: answers save() with canned text and records every restore() input. */
final class RecordingRestorer implements Restorer {
    final Map<IpFamily, String> saved = new EnumMap<>(IpFamily.class);
    final Map<IpFamily, IptablesException> failRestore = new EnumMap<>(IpFamily.class);
    final List<String> calls = new ArrayList<>();

    @Override
    public String save(IpFamily family) {
        calls.add("save " + family);
        return saved.getOrDefault(family, "");
    }

    @Override
    public void restore(IpFamily family, String input) {
        calls.add("restore " + family + "\n" + input);
        IptablesException failure = failRestore.get(family);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void loopbackAddress(String cidr, boolean present) {
        calls.add((present ? "add " : "del ") + cidr);
    }

    List<String> restores() {
        return calls.stream().filter(c -> c.startsWith("restore")).toList();
    }
}
