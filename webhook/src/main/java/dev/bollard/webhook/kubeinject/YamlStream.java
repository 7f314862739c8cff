package dev.bollard.webhook.kubeinject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A multi-document YAML text cut into its documents, each kept as the exact text it was
 * written with, so a document that is not rewritten is printed byte for byte (comments,
 * quoting, indentation). The cut is exact: YAML forbids a line starting with {@code ---} at
 * column 0 inside a document's content, so such a line always starts a new document.
 */
public final class YamlStream {
    private static final Pattern SEPARATOR = Pattern.compile("^---(?:[ \\t].*)?$");

    /**
     * One document.
     *
     * @param separator the {@code ---} line that opened it, or empty for the text before the first one
     * @param body      the text after the separator line, up to the next one
     * @param firstLine 1-based line of {@code body} in the input, for messages
     */
    public record Document(String separator, String body, int firstLine) {
    }

    private YamlStream() {
    }

    public static List<Document> split(String text) {
        List<Document> documents = new ArrayList<>();
        String separator = "";
        StringBuilder body = new StringBuilder();
        int line = 0;
        int firstLine = 1;
        for (String row : text.split("(?<=\n)", -1)) {
            if (row.isEmpty()) {
                continue;
            }
            line++;
            String bare = row.endsWith("\r\n") ? row.substring(0, row.length() - 2)
                    : row.endsWith("\n") ? row.substring(0, row.length() - 1) : row;
            if (SEPARATOR.matcher(bare).matches()) {
                if (!separator.isEmpty() || body.length() > 0) {
                    documents.add(new Document(separator, body.toString(), firstLine));
                }
                body.setLength(0);
                String rest = bare.substring(3).strip();
                // "--- {a: 1}" or "--- !!map": content on the marker line belongs to the document
                if (!rest.isEmpty() && !rest.startsWith("#")) {
                    separator = "---";
                    body.append(rest).append('\n');
                    firstLine = line;
                } else {
                    separator = bare;
                    firstLine = line + 1;
                }
            } else {
                body.append(row);
            }
        }
        if (!separator.isEmpty() || body.length() > 0) {
            documents.add(new Document(separator, body.toString(), firstLine));
        }
        return documents;
    }
}
