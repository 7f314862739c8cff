package dev.bollard.proxy.cert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One-line texts for what a Bollard server (the CA, the control plane feed) answered or why it
 * could not be reached: log lines and exit messages must never span lines.
 */
public final class ServerMessages {
    private static final int MAX_QUOTED_BODY = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerMessages() {
    }

    /** {@code error: message} from the server's JSON error, else the start of whatever it sent. */
    public static String errorText(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject() && (node.has("error") || node.has("message"))) {
                String error = node.path("error").asText("");
                String message = node.path("message").asText("");
                return oneLine(error.isEmpty() ? message : message.isEmpty() ? error : error + ": " + message);
            }
        } catch (JsonProcessingException e) {
            // not JSON: quote it below
        }
        String quoted = oneLine(body);
        if (quoted.isEmpty()) {
            return "(empty body)";
        }
        return quoted.length() > MAX_QUOTED_BODY ? quoted.substring(0, MAX_QUOTED_BODY) + "..." : quoted;
    }

    /** The exception's class and every distinct message down its causes (TLS nests the reason). */
    public static String causes(Throwable e) {
        StringBuilder out = new StringBuilder(e.getClass().getSimpleName());
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !out.toString().contains(t.getMessage())) {
                out.append(": ").append(t.getMessage());
            }
        }
        return oneLine(out.toString());
    }

    public static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
