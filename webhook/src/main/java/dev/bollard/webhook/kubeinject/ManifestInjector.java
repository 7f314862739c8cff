package dev.bollard.webhook.kubeinject;

import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bollard.webhook.inject.InjectionRefusedException;

/**
 * {@code kube-inject} over one manifest text: every document in order, those with pods
 * injected, the rest as written. A document left unchanged (another kind, a skipped pod, a
 * comment-only part) is printed byte for byte; a rewritten one is re-emitted from its nodes,
 * so its comments stay, though indentation and quoting may be normalised. Pure.
 */
public final class ManifestInjector {
    private final PodTemplateInjector injector;

    public ManifestInjector(PodTemplateInjector injector) {
        this.injector = injector;
    }

    /**
     * The outcome for one input.
     *
     * @param output   the manifests to print; without the refused documents
     * @param messages notes and refusals for stderr, each naming the document
     * @param refused  whether a document was refused (the webhook would deny a pod of it)
     */
    public record Report(String output, List<String> messages, boolean refused) {
    }

    /** @throws IllegalArgumentException when the text is not YAML; the message names the line */
    public Report inject(String label, String text) {
        List<YamlStream.Document> documents = YamlStream.split(text);
        List<Node> roots = new ArrayList<>();
        for (YamlStream.Document document : documents) {
            roots.add(parse(document));
        }
        StringBuilder output = new StringBuilder();
        List<String> messages = new ArrayList<>();
        boolean refused = false;
        int index = 0;
        for (int i = 0; i < documents.size(); i++) {
            YamlStream.Document document = documents.get(i);
            Node root = roots.get(i);
            if (root == null) {
                append(output, document.separator(), document.body());
                continue;
            }
            index++;
            String where = label + ": document " + index;
            JsonNode before = YamlNodes.json(root);
            try {
                PodTemplateInjector.Result result = injector.inject(before);
                result.notes().forEach(note -> messages.add(where + ": " + note));
                String body = result.changed(before) ? YamlNodes.emit(YamlNodes.merge(root, before, result.document()))
                        : document.body();
                append(output, document.separator(), body);
            } catch (InjectionRefusedException e) {
                messages.add(where + ": " + PodTemplateInjector.describe(before) + ": refused: " + e.getMessage());
                refused = true;
            }
        }
        return new Report(output.toString(), messages, refused);
    }

    private static Node parse(YamlStream.Document document) {
        try {
            Node root = YamlNodes.compose(document.body());
            if (root != null) {
                // checks the scalars and keys now, so a bad file fails before anything is printed
                YamlNodes.json(root, document.firstLine());
            }
            return root;
        } catch (MarkedYAMLException e) {
            int line = document.firstLine() + e.getProblemMark().getLine();
            throw new IllegalArgumentException("not valid YAML at line " + line + ", column "
                    + (e.getProblemMark().getColumn() + 1) + ": " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
        }
    }

    private static void append(StringBuilder output, String separator, String body) {
        if (!separator.isEmpty()) {
            output.append(separator).append('\n');
        }
        output.append(body);
        if (!body.isEmpty() && !body.endsWith("\n")) {
            output.append('\n');
        }
    }
}
