package dev.warden.config.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A YAML mapping being read against its {@link Section}. Every problem found (wrong type, missing
 * required key, unknown key) is recorded with its full path and reading goes on, so that one run
 * reports all of them.
 */
public final class Node {
    private final JsonNode json;
    private final String path;
    private final Section section;
    private final List<Problem> problems;
    private final Context context;

    private Node(JsonNode json, String path, Section section, List<Problem> problems, Context context) {
        this.json = json;
        this.path = path;
        this.section = section;
        this.problems = problems;
        this.context = context;
        rejectUnknownKeys();
    }

    public static Node root(JsonNode json, Section section, List<Problem> problems, Context context) {
        if (!json.isObject() && !json.isMissingNode()) {
            problems.add(new Problem("", "expected a YAML mapping at the top level, found " + Found.describe(json, false)));
            json = MissingNode.getInstance();
        }
        return new Node(json, "", section, problems, context);
    }

    public Context context() {
        return context;
    }

    /** The key's value, its default when absent, or null after recording a problem. */
    public <T> T get(Key<T> key) {
        JsonNode value = json.path(key.name());
        if (value.isMissingNode() || value.isNull()) {
            if (key.required()) {
                problem(key.name(), "required, expected a " + key.type().name());
            }
            return key.defaultValue();
        }
        try {
            return key.type().read(value, context);
        } catch (IllegalArgumentException e) {
            problem(key.name(), Found.complete(e.getMessage(), value, key));
            return key.defaultValue();
        }
    }

    public boolean has(Key<?> key) {
        return !json.path(key.name()).isMissingNode() && !json.path(key.name()).isNull();
    }

    /** Whether the nested mapping was written at all (an optional part such as one flag variant). */
    public boolean present(Section child) {
        return !json.path(child.name()).isMissingNode() && !json.path(child.name()).isNull();
    }

    /** A nested mapping; absent reads as empty, so every key in it takes its default. */
    public Node section(Section child) {
        JsonNode value = json.path(child.name());
        if (!value.isObject() && !value.isMissingNode() && !value.isNull()) {
            problem(child.name(), "expected a mapping, found " + Found.describe(value, false));
            value = MissingNode.getInstance();
        }
        return new Node(value.isNull() ? MissingNode.getInstance() : value, join(child.name()), child, problems, context);
    }

    /** A list of mappings; absent reads as an empty list. */
    public List<Node> list(Section child) {
        JsonNode value = json.path(child.name());
        List<Node> items = new ArrayList<>();
        if (value.isMissingNode() || value.isNull()) {
            return items;
        }
        if (!value.isArray()) {
            problem(child.name(), "expected a list, found " + Found.describe(value, false));
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            String itemPath = join(child.name()) + "[" + i + "]";
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                problems.add(new Problem(itemPath, "expected a mapping, found " + Found.describe(item, false)));
                continue;
            }
            items.add(new Node(item, itemPath, child, problems, context));
        }
        return items;
    }

    /** Records a problem found by a rule that spans keys, at {@code path.key}. */
    public void problem(String key, String message) {
        problems.add(new Problem(key.isEmpty() ? path : join(key), message));
    }

    public String path() {
        return path;
    }

    private void rejectUnknownKeys() {
        List<String> allowed = section.allowedNames();
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                Optional<String> suggestion = Suggestions.closest(name, allowed);
                problem(name, "unknown key" + suggestion.map(s -> ", did you mean \"" + s + "\"?")
                        .orElse(", expected one of " + allowed));
            }
        }
    }

    private String join(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
