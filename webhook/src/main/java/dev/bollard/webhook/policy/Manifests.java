package dev.bollard.webhook.policy;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Multi-document YAML (or JSON, a subset) as raw JSON trees; empty documents are dropped. */
public final class Manifests {
    private static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());

    private Manifests() {
    }

    /** @throws IOException when the text is not YAML; the message names the line */
    public static List<JsonNode> read(Reader reader) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(reader)) {
            while (it.hasNextValue()) {
                JsonNode document = it.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (RuntimeException e) {
            // MappingIterator wraps parse errors in unchecked exceptions
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        return documents;
    }
}
