package dev.bollard.webhook.upkeep;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON Patch that sets {@code clientConfig.caBundle} of every webhook in a configuration, and
 * nothing else. Each write is guarded by a {@code test} of the webhook's name at that index, so a
 * concurrent reorder makes the API server refuse the patch instead of writing the wrong entry.
 */
public final class CaBundlePatch {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One webhook entry as the patch sees it: its name and its current caBundle (null when unset). */
    public record Entry(String name, String caBundle) {
    }

    private CaBundlePatch() {
    }

    /** base64 of the PEM, the form {@code caBundle} takes in the API. */
    public static String encode(String rootPem) {
        return Base64.getEncoder().encodeToString(rootPem.getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 6902 text, or empty when every entry already carries {@code caBundle}. */
    public static String of(List<Entry> entries, String caBundle) {
        List<Map<String, String>> ops = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (caBundle.equals(e.caBundle())) {
                continue;
            }
            ops.add(Map.of("op", "test", "path", "/webhooks/" + i + "/name", "value", e.name()));
            // "add" on an object member replaces an existing value, so it covers unset and stale alike
            ops.add(Map.of("op", "add", "path", "/webhooks/" + i + "/clientConfig/caBundle", "value", caBundle));
        }
        if (ops.isEmpty()) {
            return "";
        }
        try {
            return JSON.writeValueAsString(ops.stream().map(CaBundlePatch::ordered).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("encode caBundle patch", e);
        }
    }

    /** op, path, value in that order, so the patch text is stable. */
    private static Map<String, String> ordered(Map<String, String> op) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("op", op.get("op"));
        out.put("path", op.get("path"));
        out.put("value", op.get("value"));
        return out;
    }
}
