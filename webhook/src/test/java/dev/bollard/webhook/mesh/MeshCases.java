package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/** Fixture tables as files: every {@code <case>.yaml} of a directory (not its {@code .expected.yaml}) is one case named {@code <case>}. */
final class MeshCases {
    private MeshCases() {
    }

    static Stream<Arguments> in(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> inputs = files.filter(p -> p.toString().endsWith(".yaml") && !p.toString().endsWith(".expected.yaml"))
                    .sorted().toList();
            assertFalse(inputs.isEmpty(), "no cases under " + dir);
            return inputs.stream().map(p -> Arguments.of(p.getFileName().toString().replace(".yaml", ""), p));
        }
    }

    /** The view of every pod of the case at version 1, by {@code ns/name} in order. */
    static Map<String, FeedSnapshot> views(FeedViews views, Path input) throws IOException {
        MeshState state = MeshState.of(1, MeshDocuments.parse(Files.readString(input)));
        Map<String, FeedSnapshot> byPod = new TreeMap<>();
        for (MeshPod pod : state.pods()) {
            byPod.put(pod.ref(), views.view(state, FeedRequest.parse(pod.name(), pod.namespace(), null)));
        }
        return byPod;
    }
}
