package dev.bollard.webhook.policy;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Multi-document YAML (or JSON, a subset) as raw JSON trees; empty documents are dropped. */
public final class Manifests {
    // kubectl refuses duplicate keys; silently keeping the last one would validate another policy
    private static final ObjectReader YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build().readerFor(JsonNode.class);

    private Manifests() {
    }

    /** @throws IOException when the text is not YAML; the message names line and column */
    public static List<JsonNode> read(Reader reader) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readValues(reader)) {
            while (it.hasNextValue()) {
                JsonNode document = it.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (JacksonException e) {
            throw notYaml(e);
        } catch (RuntimeException e) {
            // MappingIterator wraps parse errors in unchecked exceptions
            if (e.getCause() instanceof JacksonException cause) {
                throw notYaml(cause);
            }
            throw e;
        }
        return documents;
    }

    private static IOException notYaml(JacksonException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String message = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("").trim();
        return new IOException("not valid YAML" + where + ": " + message, e);
    }
}
