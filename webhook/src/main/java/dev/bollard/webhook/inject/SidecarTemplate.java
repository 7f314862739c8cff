package dev.bollard.webhook.inject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.qute.Engine;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.ValueResolver;

/**
 * The injection template: Qute text in, a partial {@link PodSpec} (initContainers, containers,
 * volumes) out. A standalone engine, so the same rendering runs in the webhook, the CLI and the
 * cross-module tests.
 */
public final class SidecarTemplate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    // Pods of one Deployment share every input of the template; rendering and parsing the YAML
    // is most of an admission's cost (make bench), so recent results are kept, bounded
    private static final int CACHED_RENDERS = 256;

    private final Template template;
    private final Map<InjectionValues, PodSpec> rendered = Collections.synchronizedMap(
            new LinkedHashMap<>(CACHED_RENDERS, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<InjectionValues, PodSpec> eldest) {
                    return size() > CACHED_RENDERS;
                }
            });

    private SidecarTemplate(Template template) {
        this.template = template;
    }

    /** Parses the template text; throws with the Qute message when it does not compile. */
    public static SidecarTemplate parse(String text) {
        Engine engine = Engine.builder()
                .addDefaults()
                .addValueResolver(new ReflectionValueResolver())
                .addValueResolver(yamlQuoted())
                .strictRendering(true)
                .build();
        try {
            return new SidecarTemplate(engine.parse(text));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("sidecar template does not parse: " + e.getMessage(), e);
        }
    }

    /** The rendered YAML text; useful to see what a template change does. */
    public String renderText(InjectionValues values) {
        return template.data("values", values.values())
                .data("capture", values.capture())
                .data("resources", values.resources())
                .data("pod", values.pod())
                .data("lifecycle", values.lifecycle())
                .data("status", values.status())
                .data("placement", values.placement())
                .data("ids", values.ids())
                .render();
    }

    /** The rendered parts as a fresh copy the caller may change. */
    public PodSpec render(InjectionValues values) {
        PodSpec spec = rendered.get(values);
        if (spec == null) {
            spec = parse(values);
            rendered.put(values, spec);
        }
        return new PodSpecBuilder(spec).build();
    }

    private PodSpec parse(InjectionValues values) {
        String yaml;
        try {
            yaml = renderText(values);
        } catch (RuntimeException e) {
            throw new IllegalStateException("render sidecar template for " + values.pod().namespace() + ": " + e.getMessage(), e);
        }
        try {
            return SERIALIZATION.unmarshal(yaml, PodSpec.class);
        } catch (RuntimeException e) {
            throw new IllegalStateException("sidecar template did not render a PodSpec: " + e.getMessage(), e);
        }
    }

    /** {@code {x.yaml}}: the value as a double-quoted YAML (JSON) string. */
    private static ValueResolver yamlQuoted() {
        return new ValueResolver() {
            @Override
            public boolean appliesTo(EvalContext context) {
                return context.getBase() != null && "yaml".equals(context.getName());
            }

            @Override
            public CompletableFuture<Object> resolve(EvalContext context) {
                try {
                    return CompletableFuture.completedFuture(JSON.writeValueAsString(String.valueOf(context.getBase())));
                } catch (JsonProcessingException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }

            @Override
            public int getPriority() {
                // above the reflection resolver, so a value's own "yaml" member can never shadow this
                return io.quarkus.qute.WithPriority.DEFAULT_PRIORITY + 10;
            }
        };
    }
}
