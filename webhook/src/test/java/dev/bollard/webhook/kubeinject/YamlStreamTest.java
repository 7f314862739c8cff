package dev.bollard.webhook.kubeinject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class YamlStreamTest {

    @Test
    void cutsAtEveryMarkerLineKeepingTheTextBetween() {
        List<YamlStream.Document> docs = YamlStream.split("# head\na: 1\n--- # second\nb: 2\n---\n---\nc: |\n  --- not a marker\n");
        assertEquals(List.of(
                new YamlStream.Document("", "# head\na: 1\n", 1),
                new YamlStream.Document("--- # second", "b: 2\n", 4),
                new YamlStream.Document("---", "", 6),
                new YamlStream.Document("---", "c: |\n  --- not a marker\n", 7)), docs);
    }

    @Test
    void contentOnTheMarkerLineBelongsToTheDocument() {
        assertEquals(List.of(new YamlStream.Document("---", "{a: 1}\n", 1)), YamlStream.split("--- {a: 1}\n"));
    }

    @Test
    void windowsLineEndsAndAMissingLastNewlineAreKept() {
        assertEquals(List.of(new YamlStream.Document("", "a: 1\r\n", 1), new YamlStream.Document("---", "b: 2", 3)),
                YamlStream.split("a: 1\r\n---\r\nb: 2"));
    }

    @Test
    void anEmptyTextHasNoDocuments() {
        assertEquals(List.of(), YamlStream.split(""));
    }
}
