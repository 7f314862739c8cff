package dev.bollard.webhook.admission;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * A Jackson failure as a person reads it: the field path in the document and what was expected
 * there ({@code request.object.spec.containers: expected a list, found a string}), never the Java
 * types Jackson names ({@code Cannot construct instance of `io.fabric8...`}). The person is the one
 * who ran {@code kubectl apply}; the model classes are ours.
 */
public final class JsonInputError {
    /** Backquoted or dotted Java type names, as Jackson and fabric8 put them in messages. */
    private static final Pattern JAVA_TYPE = Pattern.compile("`[^`]*`|\\b(?:java|javax|jakarta|io|com|org|dev)\\.[\\w.$<>, ]+");

    private static final Pattern FOUND = Pattern.compile("from (String|Array|Object|Boolean|Integer|Floating-point) value");
    /** Where Jackson appends the source and location, which describe() says its own way. */
    private static final Pattern LOCATION = Pattern.compile("\\s*(?:at \\[Source|\\(start marker at|\\[Source).*$");

    private JsonInputError() {
    }

    /** {@code prefix} is the path of the document the exception's path is relative to ("" for the body). */
    public static String describe(JacksonException e, String prefix) {
        if (e instanceof JsonMappingException && e.getCause() instanceof JacksonException broken
                && !(broken instanceof JsonMappingException)) {
            // the text itself broke (syntax, or a parser limit such as nesting depth) while a field
            // was being read: say that, whatever the path
            return describe(broken, prefix);
        }
        String path = path(e, prefix);
        if (e instanceof InvalidFormatException f) {
            return at(path) + quote(f.getValue()) + " is not " + kind(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m) {
            String found = found(e);
            return at(path) + "expected " + kind(m.getTargetType()) + (found.isEmpty() ? "" : ", found " + found);
        }
        if (e instanceof JsonMappingException) {
            String why = readable(e.getOriginalMessage());
            return at(path) + (why.isEmpty() ? "a value of the wrong type or format" : why);
        }
        JsonLocation where = e.getLocation();
        // the parser's own words, minus the Java names it cites ("from `StreamReadConstraints...`")
        String why = readable(JAVA_TYPE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("")
                .replace(", from )", ")").replace(" ()", ""));
        return "not valid JSON" + (where == null || where.getLineNr() < 0 ? ""
                : " at line " + where.getLineNr() + ", column " + where.getColumnNr()) + (why.isEmpty() ? "" : ": " + why);
    }

    private static String path(JacksonException e, String prefix) {
        StringBuilder out = new StringBuilder(prefix);
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    out.append('[').append(r.getIndex()).append(']');
                }
            }
        }
        return out.toString();
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    /** What the model wanted, in JSON's words. */
    static String kind(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class
                || type == short.class || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == IntOrString.class) {
            return "a number or a string";
        }
        if (type == Quantity.class) {
            return "a quantity (e.g. 100m, 128Mi)";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return Map.class.isAssignableFrom(type) || !type.isPrimitive() ? "an object" : "a value of another type";
    }

    private static String found(JacksonException e) {
        JsonToken token = e.getProcessor() instanceof JsonParser parser ? parser.currentToken() : null;
        if (token == null) {
            // Jackson names the JSON side in its message when the parser has moved on
            Matcher m = FOUND.matcher(String.valueOf(e.getOriginalMessage()));
            return !m.find() ? "" : switch (m.group(1)) {
                case "String" -> "a string";
                case "Array" -> "a list";
                case "Object" -> "an object";
                case "Boolean" -> "a boolean";
                default -> "a number";
            };
        }
        return switch (token) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "";
        };
    }

    private static String quote(Object value) {
        String text = String.valueOf(value);
        return "\"" + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + "\"";
    }

    /** The first line of a message, with Java type names taken out; empty when nothing readable is left. */
    private static String readable(String message) {
        if (message == null) {
            return "";
        }
        String line = LOCATION.matcher(message.lines().findFirst().orElse("")).replaceFirst("").trim();
        if (JAVA_TYPE.matcher(line).find()) {
            return "";
        }
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
