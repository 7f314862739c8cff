package dev.bollard.webhook.mesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bollard.golden.Golden;
import dev.bollard.identity.TrustDomain;

/**
 * The feed's exact text: {@code mesh/feed/<case>.yaml} → {@code <case>.golden.ndjson}, one snapshot
 * line per pod of the case and one for an unknown pod ({@code demo/new-0}), at version 1.
 * {@code -Dgolden.update=true} rewrites the golden files; a golden file without its case fails.
 */
class FeedGoldenTest {
    static final Path CASES = Path.of("src/test/resources/mesh/feed");
    static final String GOLDEN_SUFFIX = ".golden.ndjson";
    private static final Golden GOLDEN = Golden.in(CASES, GOLDEN_SUFFIX);
    private final FeedViews views = new FeedViews(TrustDomain.parse("cluster.local"), "istio-system");

    static Stream<Arguments> cases() throws IOException {
        return MeshCases.in(CASES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesTheContractsJson(String name, Path input) throws IOException {
        StringBuilder lines = new StringBuilder();
        MeshCases.views(views, input).values().forEach(view -> lines.append(FeedLines.snapshot(view)).append('\n'));
        MeshState state = MeshState.of(1, MeshDocuments.parse(Files.readString(input)));
        lines.append(FeedLines.snapshot(views.view(state, FeedRequest.parse("new-0", "demo", null)))).append('\n');
        GOLDEN.assertMatches(name + GOLDEN_SUFFIX, lines.toString());
    }

    @AfterAll
    static void everyGoldenFileHasItsCase() {
        GOLDEN.assertAllUsed();
    }
}
