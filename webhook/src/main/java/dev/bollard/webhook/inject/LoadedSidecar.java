package dev.bollard.webhook.inject;

import java.util.Map;
import java.util.TreeMap;

/**
 * One usable mesh configuration: the values and the injector built from the named templates, each
 * of which has rendered a sample pod with them. Pure: the texts in, a checked pair out, or an
 * exception naming what is wrong. Admission takes both from one instance, so a reload between
 * reading the values and rendering can never mix an old template with new values.
 */
public record LoadedSidecar(MeshValues values, SidecarInjector injector) {

    /** @param templates template texts by name ({@code sidecar}, {@code grpc-agent}, ...) */
    public static LoadedSidecar parse(Map<String, String> templates, String valuesText) {
        MeshValues values = MeshValues.parse(valuesText);
        InjectionValues sample = SampleValues.of(values);
        Map<String, SidecarTemplate> named = new TreeMap<>();
        for (Map.Entry<String, String> text : templates.entrySet()) {
            SidecarTemplate template;
            try {
                template = SidecarTemplate.parse(text.getValue());
                template.render(sample);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("template " + text.getKey() + ": " + e.getMessage(), e);
            }
            named.put(text.getKey(), template);
        }
        return new LoadedSidecar(values, new SidecarInjector(SidecarTemplates.of(named)));
    }
}
