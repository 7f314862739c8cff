package dev.bollard.webhook.inject;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code sidecar.istio.io/status} annotation, in the shape and key order Istio writes, so
 * tools that read Istio's status (istioctl, dashboards) read ours; {@code imagePullSecrets} is
 * {@code null} when none were added, as in Istio.
 */
@JsonPropertyOrder({"initContainers", "containers", "volumes", "imagePullSecrets", "revision"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InjectionStatus(List<String> initContainers, List<String> containers, List<String> volumes,
                              List<String> imagePullSecrets, String revision) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialise injection status", e);
        }
    }
}
