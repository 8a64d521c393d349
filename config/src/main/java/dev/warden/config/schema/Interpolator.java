package dev.warden.config.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in string values with the environment's
 * values, as a shell would ({@code :-} also applies when the variable is empty); {@code $$} is a
 * literal {@code $}. A variable that is unset and has no default is a problem at its key's path.
 */
public final class Interpolator {
    private Interpolator() {
    }

    public static JsonNode apply(JsonNode node, Map<String, String> env, List<Problem> problems) {
        return walk(node, "", env, problems);
    }

    private static JsonNode walk(JsonNode node, String path, Map<String, String> env, List<Problem> problems) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                copy.set(field.getKey(), walk(field.getValue(), child, env, problems));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(walk(node.get(i), path + "[" + i + "]", env, problems));
            }
            return copy;
        }
        if (node.isTextual() && node.asText().contains("$")) {
            return new TextNode(substitute(node.asText(), path, env, problems));
        }
        return node;
    }

    static String substitute(String text, String path, Map<String, String> env, List<Problem> problems) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    problems.add(new Problem(path, "expected a closing } after ${ (write $$ for a literal $)"));
                    return text;
                }
                out.append(resolve(text.substring(i + 2, close), path, env, problems));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String resolve(String expression, String path, Map<String, String> env, List<Problem> problems) {
        int split = expression.indexOf(":-");
        String name = split < 0 ? expression : expression.substring(0, split);
        String value = env.get(name);
        if (split >= 0) {
            return value == null || value.isEmpty() ? expression.substring(split + 2) : value;
        }
        if (value == null) {
            problems.add(new Problem(path, "environment variable " + name + " is not set (write ${" + name
                    + ":-default} to give a default)"));
            return "";
        }
        return value;
    }
}
