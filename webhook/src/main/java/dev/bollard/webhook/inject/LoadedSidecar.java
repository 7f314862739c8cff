package dev.bollard.webhook.inject;

/**
 * One usable mesh configuration: the values and the injector built from a template that has
 * rendered a sample pod with them. Pure: the texts in, a checked pair out, or an exception naming
 * what is wrong. Admission takes both from one instance, so a reload between reading the values
 * and rendering can never mix an old template with new values.
 */
public record LoadedSidecar(MeshValues values, SidecarInjector injector) {

    public static LoadedSidecar parse(String templateText, String valuesText) {
        MeshValues values = MeshValues.parse(valuesText);
        SidecarTemplate template = SidecarTemplate.parse(templateText);
        template.render(SampleValues.of(values));
        return new LoadedSidecar(values, new SidecarInjector(template));
    }
}
