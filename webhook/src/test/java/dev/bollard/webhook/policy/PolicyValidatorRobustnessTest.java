package dev.bollard.webhook.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The object under review is arbitrary JSON: replacing any node of the table's policies with a
 * value of another shape must give violations, never an exception (which would be a 500), from
 * the webhook's rules and from the CRD schema check of {@code bollard validate}.
 */
class PolicyValidatorRobustnessTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<JsonNode> REPLACEMENTS = List.of(NODES.nullNode(), NODES.textNode(""), NODES.textNode("*"),
            NODES.textNode("::"), NODES.textNode(":::::::::1/999"), NODES.textNode("1.2.3.4/"), NODES.textNode("/{**}/{"),
            NODES.textNode("a/b/c/d/e/f/g"), NODES.textNode("99999999999999999999"), NODES.textNode("request.headers["),
            NODES.numberNode(-1), NODES.numberNode(1e300), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode(),
            NODES.arrayNode().add(NODES.nullNode()).add(NODES.objectNode()));
    private final PolicyValidator validator = new PolicyValidator(PolicySettings.DEFAULTS);
    private final CrdSchemas schemas = CrdSchemas.bundled();

    @Test
    void anyNodeReplacedByAnyShapeYieldsAReportNotAnException() {
        Random random = new Random(42);
        int checked = 0;
        for (PolicyCases.Case c : PolicyCases.all()) {
            for (int round = 0; round < 60; round++) {
                JsonNode mutated = c.object().deepCopy();
                List<JsonNode> targets = new ArrayList<>();
                collect(mutated, targets);
                replaceOne(targets.get(random.nextInt(targets.size())), random);
                PolicyDocument.of(mutated, "default", "fuzz").ifPresent(doc -> {
                    assertDoesNotThrow(() -> validator.report(doc), c.name() + ": " + mutated);
                    assertDoesNotThrow(() -> schemas.forDocument(doc).map(s -> s.check(mutated)), "CRD schema: " + c.name() + ": " + mutated);
                });
                checked++;
            }
        }
        assertFalse(checked < 1000, "checked " + checked);
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.forEach(child -> collect(child, containers));
        }
    }

    private static void replaceOne(JsonNode container, Random random) {
        JsonNode replacement = REPLACEMENTS.get(random.nextInt(REPLACEMENTS.size()));
        if (container instanceof ObjectNode object && !object.isEmpty()) {
            List<String> names = new ArrayList<>();
            object.properties().stream().map(Map.Entry::getKey).forEach(names::add);
            String name = names.get(random.nextInt(names.size()));
            // keep apiVersion/kind so the document stays one we validate
            if (!name.equals("apiVersion") && !name.equals("kind")) {
                object.set(name, replacement);
            }
        } else if (container instanceof ArrayNode array && !array.isEmpty()) {
            array.set(random.nextInt(array.size()), replacement);
        }
    }
}
