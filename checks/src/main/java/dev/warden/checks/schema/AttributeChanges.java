package dev.warden.checks.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders the attribute-level differences of one object, one line each. Column attributes
 * ({@code column.<name>.<attribute>}) are reported on the column ({@code public.orders.status: type
 * A -> B}); a column that appears or disappears is one line, not one per attribute.
 */
final class AttributeChanges {
    private static final String COLUMN = "column.";
    private static final String NONE = "(none)";

    private AttributeChanges() {
    }

    static List<String> describe(SchemaObject before, SchemaObject after) {
        Map<String, Map<String, String>> oldColumns = columns(before.attributes());
        Map<String, Map<String, String>> newColumns = columns(after.attributes());
        List<String> lines = new ArrayList<>();
        Set<String> names = new TreeSet<>(oldColumns.keySet());
        names.addAll(newColumns.keySet());
        for (String column : names) {
            String subject = after.qualifiedName() + "." + column;
            Map<String, String> old = oldColumns.get(column);
            Map<String, String> now = newColumns.get(column);
            if (old == null) {
                lines.add(subject + ": column added " + now);
            } else if (now == null) {
                lines.add(subject + ": column removed (was " + old + ")");
            } else {
                lines.addAll(differences(subject, old, now));
            }
        }
        lines.addAll(differences(after.qualifiedName(), others(before.attributes()), others(after.attributes())));
        return lines;
    }

    private static List<String> differences(String subject, Map<String, String> old, Map<String, String> now) {
        Set<String> names = new TreeSet<>(old.keySet());
        names.addAll(now.keySet());
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            String was = old.getOrDefault(name, NONE);
            String is = now.getOrDefault(name, NONE);
            if (!Objects.equals(was, is)) {
                lines.add(subject + ": " + name + " " + was + " -> " + is);
            }
        }
        return lines;
    }

    /** column name -> (attribute -> value); the attribute is after the last dot, names may hold dots. */
    static Map<String, Map<String, String>> columns(Map<String, String> attributes) {
        Map<String, Map<String, String>> columns = new TreeMap<>();
        attributes.forEach((key, value) -> {
            if (key.startsWith(COLUMN)) {
                int dot = key.lastIndexOf('.');
                columns.computeIfAbsent(key.substring(COLUMN.length(), dot), c -> new TreeMap<>())
                        .put(key.substring(dot + 1), value);
            }
        });
        return columns;
    }

    static Map<String, String> others(Map<String, String> attributes) {
        Map<String, String> others = new TreeMap<>(attributes);
        others.keySet().removeIf(key -> key.startsWith(COLUMN));
        return others;
    }
}
