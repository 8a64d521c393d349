package dev.warden.config.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads one YAML document into a tree. Jackson's own tree reader fails on YAML's {@code .inf} and
 * {@code .nan} with a line number only; here they become numbers that are not finite, which the key
 * they stand under refuses by its path. A key written twice is also reported at its path.
 */
public final class YamlDocument {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern INFINITY = Pattern.compile("[-+]?\\.(inf|Inf|INF)");
    private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");

    private YamlDocument() {
    }

    /**
     * The document's tree ({@link MissingNode} when empty); problems that still leave a tree (a
     * duplicate key, a second document) are added to {@code problems}.
     * @throws YamlSyntaxException when the text is not YAML, its message safe to show
     */
    public static JsonNode read(String yaml, List<Problem> problems) {
        try (JsonParser parser = YAML.createParser(yaml)) {
            if (parser.nextToken() == null) {
                return MissingNode.getInstance();
            }
            JsonNode root = value(parser, "", problems);
            if (root.isNull()) {
                root = MissingNode.getInstance(); // a document of "---" alone is empty
            }
            if (parser.nextToken() != null) {
                problems.add(new Problem("", "expected one YAML document, found more (each --- starts another)"));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw YamlSyntaxException.of(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode value(JsonParser parser, String path, List<Problem> problems) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode mapping = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    parser.nextToken();
                    JsonNode item = value(parser, child, problems);
                    if (mapping.has(name)) {
                        problems.add(new Problem(child, "expected each key once in a mapping, found it again"));
                    } else {
                        mapping.set(name, item);
                    }
                }
                return mapping;
            }
            case START_ARRAY -> {
                ArrayNode list = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser, path + "[" + list.size() + "]", problems));
                }
                return list;
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(floating(parser));
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(parser.getBooleanValue());
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            case VALUE_EMBEDDED_OBJECT -> {
                Object embedded = parser.getEmbeddedObject();
                return embedded instanceof byte[] bytes ? NODES.binaryNode(bytes) : NODES.textNode(parser.getText());
            }
            default -> {
                return NODES.textNode(parser.getText());
            }
        }
    }

    /** A float, with YAML's {@code .inf}, {@code -.inf} and {@code .nan} kept as such. */
    private static double floating(JsonParser parser) throws IOException {
        String text = parser.getText();
        if (INFINITY.matcher(text).matches()) {
            return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (NAN.matcher(text).matches()) {
            return Double.NaN;
        }
        return parser.getDoubleValue();
    }
}
