package dev.bollard.golden;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenTest {
    @TempDir
    Path dir;

    @Test
    void aMatchingOutputPasses() throws IOException {
        Files.writeString(dir.resolve("a.golden"), "one\ntwo\n");
        assertDoesNotThrow(() -> Golden.in(dir, ".golden", false).assertMatches("a.golden", "one\ntwo\n"));
    }

    @Test
    void aMismatchFailsWithTheChangedLinesAndTheFileName() throws IOException {
        Files.writeString(dir.resolve("a.golden"), "1\n2\n3\n4\n5\n6\n7\n8\n");
        AssertionError e = assertThrows(AssertionError.class,
                () -> Golden.in(dir, ".golden", false).assertMatches("a.golden", "1\n2\n3\n4\nfive\n6\n7\n8\n"));
        assertTrue(e.getMessage().contains(dir.resolve("a.golden").toString()), e.getMessage());
        assertTrue(e.getMessage().endsWith("@@ line 2 @@\n  2\n  3\n  4\n- 5\n+ five\n  6\n  7\n  8\n"), e.getMessage());
    }

    @Test
    void changesFarApartAreTwoHunks() throws IOException {
        StringBuilder was = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            was.append(i).append('\n');
        }
        Files.writeString(dir.resolve("a.golden"), was);
        String now = was.toString().replaceFirst("^1\n2\n", "1\ntwo\n").replace("\n18\n", "\n18\nextra\n");
        AssertionError e = assertThrows(AssertionError.class, () -> Golden.in(dir, ".golden", false).assertMatches("a.golden", now));
        assertTrue(e.getMessage().endsWith("@@ line 1 @@\n  1\n- 2\n+ two\n  3\n  4\n  5\n"
                + "@@ line 16 @@\n  16\n  17\n  18\n+ extra\n  19\n  20\n  \n"), e.getMessage());
    }

    @Test
    void aMismatchShowsTrailingBlanksAndAMissingFinalNewline() throws IOException {
        Files.writeString(dir.resolve("a.golden"), "x\n");
        AssertionError e = assertThrows(AssertionError.class,
                () -> Golden.in(dir, ".golden", false).assertMatches("a.golden", "x  "));
        assertTrue(e.getMessage().contains("+ x··\n"), e.getMessage());
        assertTrue(e.getMessage().contains("(the output lacks the final newline)"), e.getMessage());
    }

    @Test
    void aMissingGoldenFileFailsUnlessUpdating() {
        AssertionError e = assertThrows(AssertionError.class, () -> Golden.in(dir, ".golden", false).assertMatches("new.golden", "x"));
        assertTrue(e.getMessage().contains("new.golden is missing"), e.getMessage());
        Golden updating = Golden.in(dir.resolve("sub"), ".golden", true);
        updating.assertMatches("new.golden", "x");
        assertEquals(List.of(dir.resolve("sub/new.golden")), updating.rewritten());
    }

    @Test
    void updateRewritesOnlyTheFilesThatDifferAndLeavesNoTemporaryFile() throws IOException {
        Files.writeString(dir.resolve("same.golden"), "same\n");
        Files.writeString(dir.resolve("changed.golden"), "old\n");
        Golden golden = Golden.in(dir, ".golden", true);
        golden.assertMatches("same.golden", "same\n");
        golden.assertMatches("changed.golden", "new\n");
        assertEquals("new\n", Files.readString(dir.resolve("changed.golden")));
        assertEquals(List.of(dir.resolve("changed.golden")), golden.rewritten());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("changed.golden", "same.golden"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aGoldenFileNoCaseUsedFailsNamingIt() throws IOException {
        Files.writeString(dir.resolve("used.golden"), "x");
        Files.writeString(dir.resolve("orphan.golden"), "y");
        Files.writeString(dir.resolve("input.yaml"), "an input, not a golden file");
        Golden golden = Golden.in(dir, ".golden", false);
        golden.assertMatches("used.golden", "x");
        AssertionError e = assertThrows(AssertionError.class, golden::assertAllUsed);
        assertTrue(e.getMessage().endsWith("no case used (delete them, or restore their case): orphan.golden"), e.getMessage());
    }

    @Test
    void updateNeverDeletesAnOrphanAndStillReportsIt() throws IOException {
        Files.writeString(dir.resolve("used.golden"), "x");
        Files.writeString(dir.resolve("orphan.golden"), "y");
        Golden golden = Golden.in(dir, ".golden", true);
        golden.assertMatches("used.golden", "x");
        assertThrows(AssertionError.class, golden::assertAllUsed);
        assertTrue(Files.exists(dir.resolve("orphan.golden")));
    }

    @Test
    void theOrphanCheckSaysNothingWhenNoCaseRan() throws IOException {
        Files.writeString(dir.resolve("a.golden"), "x");
        assertDoesNotThrow(Golden.in(dir, ".golden", false)::assertAllUsed);
    }

    @Test
    void aFileReadForItsOwnComparisonCountsAsUsed() throws IOException {
        Files.writeString(dir.resolve("a.golden"), "x");
        Golden golden = Golden.in(dir);
        assertEquals("x", golden.expected("a.golden"));
        assertDoesNotThrow(golden::assertAllUsed);
    }

    @Test
    void anEquivalentOutputInAnotherFormPassesAndADifferentOneFailsWithoutARewrite() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "B\nA\n");
        Golden golden = Golden.in(dir, ".txt", true);
        java.util.function.UnaryOperator<String> sorted = t -> t.lines().sorted().collect(java.util.stream.Collectors.joining("\n"));
        assertDoesNotThrow(() -> golden.assertEquivalent("a.txt", "A\nB", sorted));
        AssertionError e = assertThrows(AssertionError.class, () -> golden.assertEquivalent("a.txt", "A\nC", sorted));
        assertTrue(e.getMessage().contains("- B\n+ C\n"), e.getMessage());
        assertEquals("B\nA\n", Files.readString(dir.resolve("a.txt")));
        assertEquals(List.of(), golden.rewritten());
    }
}
