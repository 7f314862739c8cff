package dev.bollard.webhook.mesh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The feed's NDJSON lines. On the wire RESTEasy Reactive writes each stream item as one line of
 * JSON; {@link #snapshot} gives the same text for tests and logs.
 */
public final class FeedLines {
    public static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedLines() {
    }

    /** {@code {"type":"heartbeat"}}: keeps an idle stream visibly alive (proxies reconnect after 30 s of silence). */
    public record Heartbeat(String type) {
        public static final Heartbeat INSTANCE = new Heartbeat("heartbeat");
    }

    public static String snapshot(FeedSnapshot snapshot) {
        try {
            return JSON.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("write feed snapshot " + snapshot.version(), e);
        }
    }
}
