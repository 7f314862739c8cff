package dev.bollard.webhook.kubeinject;

import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.emitter.Emitter;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.serializer.Serializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One YAML document as SnakeYAML nodes, which carry the comments, and as the JSON tree the
 * injector works on. The JSON is read from the nodes themselves, so the two always correspond.
 */
public final class YamlNodes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** kubectl refuses larger documents anyway; the limit bounds an alias bomb. */
    private static final int MAX_ALIASES = 100;

    private YamlNodes() {
    }

    /** The document's root node, null for a document that holds only comments. */
    public static Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(true);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        return new Yaml(options).compose(new java.io.StringReader(text));
    }

    /** The data of a node as JSON, scalars typed as YAML resolves them; duplicate keys refused. */
    public static JsonNode json(Node node) {
        return json(node, 1);
    }

    /** As {@link #json(Node)}, naming lines counted from {@code firstLine} in messages. */
    public static JsonNode json(Node node, int firstLine) {
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JSON.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = keyText(tuple.getKeyNode());
                if (object.has(key)) {
                    throw new IllegalArgumentException("not valid YAML at line "
                            + (firstLine + tuple.getKeyNode().getStartMark().getLine()) + ": duplicate key " + key);
                }
                object.set(key, json(tuple.getValueNode(), firstLine));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            sequence.getValue().forEach(item -> array.add(json(item, firstLine)));
            return array;
        }
        return MAPPER.valueToTree(ScalarValues.INSTANCE.value(node));
    }

    /**
     * {@code node} changed to hold {@code after}, where it held {@code before}; every part that
     * did not change is the original node, with its comments and style. Mapping keys keep their
     * order, new keys come last; lists of named objects (containers, volumes) are matched by name.
     */
    public static Node merge(Node node, JsonNode before, JsonNode after) {
        if (before.equals(after)) {
            return node;
        }
        if (node.getAnchor() == null && node instanceof MappingNode mapping && before.isObject() && after.isObject()) {
            List<NodeTuple> tuples = new java.util.ArrayList<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = keyText(tuple.getKeyNode());
                if (after.has(key)) {
                    tuples.add(new NodeTuple(tuple.getKeyNode(), merge(tuple.getValueNode(), before.get(key), after.get(key))));
                }
            }
            after.fieldNames().forEachRemaining(key -> {
                if (!before.has(key)) {
                    tuples.add(new NodeTuple(represent(JSON.textNode(key)), represent(after.get(key))));
                }
            });
            mapping.setValue(tuples);
            // a flow collection holds only flow content: what injection adds would become one long line
            mapping.setFlowStyle(DumperOptions.FlowStyle.BLOCK);
            return mapping;
        }
        if (node.getAnchor() == null && node instanceof SequenceNode sequence && before.isArray() && after.isArray()) {
            return mergeSequence(sequence, before, after);
        }
        Node replaced = represent(after);
        replaced.setBlockComments(node.getBlockComments());
        replaced.setInLineComments(node.getInLineComments());
        replaced.setEndComments(node.getEndComments());
        return replaced;
    }

    private static Node mergeSequence(SequenceNode sequence, JsonNode before, JsonNode after) {
        List<Node> items = sequence.getValue();
        boolean byName = named(before) && named(after);
        List<Node> merged = new java.util.ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            JsonNode item = after.get(i);
            int match = byName ? indexOfName(before, item.get("name").asText()) : (i < before.size() ? i : -1);
            merged.add(match < 0 ? represent(item) : merge(items.get(match), before.get(match), item));
        }
        sequence.getValue().clear();
        sequence.getValue().addAll(merged);
        sequence.setFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return sequence;
    }

    private static boolean named(JsonNode array) {
        Set<String> names = new HashSet<>();
        for (JsonNode item : array) {
            if (!item.path("name").isTextual() || !names.add(item.get("name").asText())) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfName(JsonNode array, String name) {
        for (int i = 0; i < array.size(); i++) {
            if (name.equals(array.get(i).get("name").asText())) {
                return i;
            }
        }
        return -1;
    }

    /** The document as YAML text, comments included, without a leading {@code ---}. */
    public static String emit(Node root) {
        DumperOptions options = dumperOptions();
        StringWriter out = new StringWriter();
        Serializer serializer = new Serializer(new Emitter(out, options), new Resolver(), options, null);
        try {
            serializer.open();
            serializer.serialize(root);
            serializer.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("write YAML", e);
        }
        return out.toString();
    }

    private static Node represent(JsonNode value) {
        return new Yaml(dumperOptions()).represent(MAPPER.convertValue(value, Object.class));
    }

    private static DumperOptions dumperOptions() {
        DumperOptions options = new DumperOptions();
        options.setProcessComments(true);
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        // long values (the status annotation's JSON) stay on one line, as kubectl prints them
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        return options;
    }

    private static String keyText(Node key) {
        if (key instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw new IllegalArgumentException("a mapping key at line " + (key.getStartMark().getLine() + 1)
                + " is not a scalar; Kubernetes objects have string keys");
    }

    /** Scalar typing as SnakeYAML resolves it, except timestamps, which Kubernetes keeps as strings. */
    private static final class ScalarValues extends SafeConstructor {
        static final ScalarValues INSTANCE = new ScalarValues();

        private ScalarValues() {
            super(new LoaderOptions());
            AbstractConstruct text = new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return ((ScalarNode) node).getValue();
                }
            };
            yamlConstructors.put(Tag.TIMESTAMP, text);
            yamlConstructors.put(Tag.BINARY, text);
        }

        // a constructor keeps per-document state; one document at a time
        synchronized Object value(Node node) {
            return constructObject(node);
        }
    }
}
