package dev.bollard.webhook.inject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.qute.Engine;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.ValueResolver;

/**
 * The injection template: Qute text in, a partial {@link PodSpec} (initContainers, containers,
 * volumes) out, and the optional {@code metadata:} block's labels and annotations
 * ({@link TemplateMetadata}). A standalone engine, so the same rendering runs in the webhook, the CLI and the
 * cross-module tests.
 */
public final class SidecarTemplate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = PodJson.SERIALIZATION;

    // Pods of one Deployment share every input of the template; rendering and parsing the YAML
    // is most of an admission's cost (make bench), so recent results are kept, bounded
    private static final int CACHED_RENDERS = 256;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Template template;
    private final RenderCache<RenderKey, Rendered> rendered = new RenderCache<>(CACHED_RENDERS);

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

    /**
     * The rendered parts as a copy whose lists, and the fields of their containers, the caller may
     * set; the containers' nested values are shared with the kept render and must not be changed in
     * place (see {@link ShallowCopy}). The volumes are the kept render's own: injection only ever
     * replaces a volume whole (a pod's volume of the same name is merged into a new one), and
     * copying the eight of Istio's template field by field (thirty volume sources each) was more
     * than half of all the copying an admission did.
     */
    public PodSpec render(InjectionValues values) {
        PodSpec kept = rendered(values).spec();
        PodSpec copy = ShallowCopy.of(kept);
        copy.setInitContainers(items(kept.getInitContainers()));
        copy.setContainers(items(kept.getContainers()));
        copy.setVolumes(kept.getVolumes() == null ? null : new ArrayList<>(kept.getVolumes()));
        return copy;
    }

    private static <T> List<T> items(List<T> kept) {
        return kept == null ? null : kept.stream().map(ShallowCopy::of).collect(Collectors.toCollection(ArrayList::new));
    }

    /** The labels and annotations of the template's {@code metadata:} block, none when it has none. */
    public TemplateMetadata metadata(InjectionValues values) {
        return rendered(values).metadata();
    }

    private record Rendered(PodSpec spec, TemplateMetadata metadata) {
    }

    private Rendered rendered(InjectionValues values) {
        return rendered.get(new RenderKey(values), key -> parse(key.values()));
    }

    /**
     * The cache key: the per-pod values by value, the mesh-wide values by identity. Every
     * admission of one loaded configuration passes the same {@link MeshValues}, and hashing that
     * whole tree of records twice per admission was a tenth of its CPU; a reload brings a new
     * instance, which simply renders anew.
     */
    record RenderKey(InjectionValues values) {
        /** The components compared below; a test fails when InjectionValues gains one they miss. */
        static final int COMPONENTS = 8;

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof RenderKey key)) {
                return false;
            }
            InjectionValues a = values;
            InjectionValues b = key.values;
            return a.values() == b.values() && Objects.equals(a.capture(), b.capture()) && Objects.equals(a.resources(), b.resources())
                    && Objects.equals(a.pod(), b.pod()) && Objects.equals(a.lifecycle(), b.lifecycle()) && Objects.equals(a.status(), b.status())
                    && Objects.equals(a.placement(), b.placement()) && Objects.equals(a.ids(), b.ids());
        }

        @Override
        public int hashCode() {
            return Objects.hash(System.identityHashCode(values.values()), values.capture(), values.resources(),
                    values.pod(), values.lifecycle(), values.status(), values.placement(), values.ids());
        }
    }

    private Rendered parse(InjectionValues values) {
        String yaml;
        try {
            yaml = renderText(values);
        } catch (RuntimeException e) {
            throw new IllegalStateException("render sidecar template for " + values.pod().namespace() + ": " + e.getMessage(), e);
        }
        ObjectNode tree;
        try {
            JsonNode node = YAML.readTree(yaml);
            tree = node instanceof ObjectNode object ? object : YAML.createObjectNode();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("sidecar template did not render YAML: " + e.getMessage(), e);
        }
        TemplateMetadata metadata = metadata(tree.remove("metadata"));
        try {
            return new Rendered(SERIALIZATION.convertValue(tree, PodSpec.class), metadata);
        } catch (RuntimeException e) {
            throw new IllegalStateException("sidecar template did not render a PodSpec: " + e.getMessage(), e);
        }
    }

    private static TemplateMetadata metadata(JsonNode block) {
        if (block == null || block.isNull()) {
            return TemplateMetadata.NONE;
        }
        if (!block.isObject()) {
            throw new IllegalStateException("the template's metadata must be a map with labels and annotations");
        }
        block.fieldNames().forEachRemaining(field -> {
            if (!field.equals("labels") && !field.equals("annotations")) {
                throw new IllegalStateException("the template's metadata may hold labels and annotations, not " + field);
            }
        });
        return new TemplateMetadata(strings(block.get("labels"), "labels"), strings(block.get("annotations"), "annotations"));
    }

    private static Map<String, String> strings(JsonNode map, String what) {
        Map<String, String> result = new LinkedHashMap<>();
        if (map == null || map.isNull()) {
            return result;
        }
        if (!map.isObject()) {
            throw new IllegalStateException("the template's metadata." + what + " must be a map");
        }
        map.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw new IllegalStateException("the template's metadata." + what + "." + entry.getKey() + " must be a string");
            }
            result.put(entry.getKey(), entry.getValue().asText());
        });
        return result;
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
