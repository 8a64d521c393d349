package dev.warden.checks.schema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Classifies the changes between two fingerprints, object by object and, for tables, column by
 * column (see {@link ChangeClass}). A table or column that disappears while another with the very same
 * definition appears is a rename, and breaking.
 */
public final class ChangeClassifier {
    private static final String TRUE = "true";
    private static final String FALSE = "false";
    private static final String NOT_VALID = " NOT VALID";

    private ChangeClassifier() {
    }

    /** Every change from {@code before} to {@code after}, classified. */
    public static List<ClassifiedChange> classify(SchemaFingerprint before, SchemaFingerprint after) {
        return classify(before, SchemaDiff.between(before, after));
    }

    /** {@code changes} (a diff from {@code before}) classified, renamed tables paired. */
    public static List<ClassifiedChange> classify(SchemaFingerprint before, List<SchemaChange> changes) {
        List<SchemaObject> addedTables = new ArrayList<>();
        changes.stream().filter(c -> c.type() == SchemaChange.Type.ADDED && c.object().kind() == ObjectKind.TABLE)
                .forEach(c -> addedTables.add(c.object()));
        Map<String, SchemaObject> renames = new TreeMap<>();
        changes.stream().filter(c -> c.type() == SchemaChange.Type.REMOVED && c.object().kind() == ObjectKind.TABLE)
                .forEach(c -> {
                    SchemaObject twin = takeTwin(addedTables, c.object().attributes());
                    if (twin != null) {
                        renames.put(c.key(), twin);
                    }
                });
        Set<String> renamedTo = new TreeSet<>();
        renames.values().forEach(twin -> renamedTo.add(twin.key()));
        List<ClassifiedChange> classified = new ArrayList<>();
        for (SchemaChange change : changes) {
            SchemaObject object = change.object();
            switch (change.type()) {
                case ADDED -> {
                    if (!renamedTo.contains(change.key())) {
                        classified.add(added(object));
                    }
                }
                case REMOVED -> {
                    SchemaObject twin = renames.get(change.key());
                    classified.add(twin != null
                            ? breaking(object.kind().key(), object.qualifiedName(), "renamed",
                                    "now " + twin.qualifiedName(), twin.key())
                            : breaking(object.kind().key(), object.qualifiedName(), "dropped", "", object.key()));
                }
                case CHANGED -> classified.addAll(changed(before.objects().get(change.key()), object));
            }
        }
        return classified;
    }

    /** One line for people: "2 additive (new column a, new index b); 1 breaking (dropped column c)". */
    public static String summarise(List<ClassifiedChange> changes, int listed) {
        List<String> parts = new ArrayList<>();
        for (ChangeClass changeClass : ChangeClass.values()) {
            List<String> described = changes.stream().filter(c -> c.changeClass() == changeClass)
                    .map(ClassifiedChange::describe).toList();
            if (!described.isEmpty()) {
                String shown = String.join(", ", described.subList(0, Math.min(listed, described.size())))
                        + (described.size() > listed ? ", and " + (described.size() - listed) + " more" : "");
                parts.add(described.size() + " " + changeClass.key() + " (" + shown + ")");
            }
        }
        return String.join("; ", parts);
    }

    private static SchemaObject takeTwin(List<SchemaObject> candidates, Map<String, String> attributes) {
        for (Iterator<SchemaObject> it = candidates.iterator(); it.hasNext(); ) {
            SchemaObject candidate = it.next();
            if (candidate.attributes().equals(attributes)) {
                it.remove();
                return candidate;
            }
        }
        return null;
    }

    private static ClassifiedChange added(SchemaObject object) {
        String kind = object.kind().key();
        String name = object.qualifiedName();
        Map<String, String> attributes = object.attributes();
        if (object.kind() == ObjectKind.INDEX && FALSE.equals(attributes.get("valid"))) {
            return breaking(kind, name, "new", "INVALID: queries cannot use it, as a failed CREATE INDEX CONCURRENTLY"
                    + " leaves it", object.key());
        }
        if (object.kind() == ObjectKind.CONSTRAINT && FALSE.equals(attributes.get("validated"))) {
            return additive(kind, name, "new", "NOT VALID: existing rows not checked yet", object.key());
        }
        return additive(kind, name, "new", "", object.key());
    }

    private static List<ClassifiedChange> changed(SchemaObject before, SchemaObject after) {
        List<ClassifiedChange> out = new ArrayList<>();
        if (after.kind() == ObjectKind.TABLE) {
            out.addAll(columns(before, after));
            attributes(AttributeChanges.others(before.attributes()), AttributeChanges.others(after.attributes()),
                    after, out);
        } else {
            attributes(before.attributes(), after.attributes(), after, out);
        }
        return out;
    }

    private static void attributes(Map<String, String> old, Map<String, String> now,
                                   SchemaObject after, List<ClassifiedChange> out) {
        Set<String> names = new TreeSet<>(old.keySet());
        names.addAll(now.keySet());
        String kind = after.kind().key();
        String name = after.qualifiedName();
        for (String attribute : names) {
            String was = old.get(attribute);
            String is = now.get(attribute);
            if (Objects.equals(was, is)) {
                continue;
            }
            if (after.kind() == ObjectKind.INDEX && attribute.equals("valid")) {
                out.add(TRUE.equals(is) ? additive(kind, name, "changed", "became valid", after.key())
                        : breaking(kind, name, "changed", "became INVALID", after.key()));
            } else if (after.kind() == ObjectKind.CONSTRAINT && attribute.equals("validated") && TRUE.equals(is)) {
                out.add(additive(kind, name, "changed", "validated", after.key()));
            } else if (after.kind() == ObjectKind.CONSTRAINT && attribute.equals("definition")
                    && stripNotValid(was).equals(stripNotValid(is))) {
                continue; // validating drops the NOT VALID suffix: said by "validated" above
            } else if (after.kind() == ObjectKind.MATERIALIZED_VIEW && attribute.equals("populated") && TRUE.equals(is)) {
                out.add(additive(kind, name, "changed", "populated", after.key()));
            } else if (attribute.startsWith("definition")) {
                out.add(breaking(kind, name, "changed", "redefined", after.key()));
            } else {
                out.add(breaking(kind, name, "changed", attribute + " " + none(was) + " -> " + none(is), after.key()));
            }
        }
    }

    private static List<ClassifiedChange> columns(SchemaObject before, SchemaObject after) {
        Map<String, Map<String, String>> oldColumns = AttributeChanges.columns(before.attributes());
        Map<String, Map<String, String>> newColumns = AttributeChanges.columns(after.attributes());
        Map<String, Map<String, String>> added = new TreeMap<>(newColumns);
        added.keySet().removeAll(oldColumns.keySet());
        List<ClassifiedChange> out = new ArrayList<>();
        String table = after.qualifiedName() + ".";
        for (Map.Entry<String, Map<String, String>> old : oldColumns.entrySet()) {
            String column = table + old.getKey();
            Map<String, String> now = newColumns.get(old.getKey());
            if (now == null) {
                String twin = added.entrySet().stream().filter(e -> e.getValue().equals(old.getValue()))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                if (twin != null) {
                    added.remove(twin);
                    out.add(breaking("column", column, "renamed", "now " + table + twin, after.key()));
                } else {
                    out.add(breaking("column", column, "dropped", "", after.key()));
                }
            } else {
                out.addAll(column(column, old.getValue(), now, after.key()));
            }
        }
        added.forEach((name, attributes) -> out.add(newColumn(table + name, attributes, after.key())));
        return out;
    }

    private static ClassifiedChange newColumn(String column, Map<String, String> attributes, String objectKey) {
        String type = attributes.get("type");
        if (TRUE.equals(attributes.get("nullable"))) {
            return additive("column", column, "new", "nullable " + type, objectKey);
        }
        String value = attributes.containsKey("default") ? "with default " + attributes.get("default")
                : attributes.containsKey("generated") ? "generated as " + attributes.get("generated")
                : attributes.containsKey("identity") ? "identity" : null;
        return value != null ? additive("column", column, "new", "NOT NULL " + type + " " + value, objectKey)
                : breaking("column", column, "new", "NOT NULL " + type + " without a default", objectKey);
    }

    private static List<ClassifiedChange> column(String column, Map<String, String> old, Map<String, String> now,
                                                 String objectKey) {
        Set<String> names = new TreeSet<>(old.keySet());
        names.addAll(now.keySet());
        List<ClassifiedChange> out = new ArrayList<>();
        for (String attribute : names) {
            String was = old.get(attribute);
            String is = now.get(attribute);
            if (Objects.equals(was, is)) {
                continue;
            }
            switch (attribute) {
                case "type" -> out.add(TypeWidening.widens(was, is)
                        ? additive("column", column, "changed", "type widened " + was + " -> " + is, objectKey)
                        : breaking("column", column, "changed", "type narrowed or rewritten " + was + " -> " + is,
                        objectKey));
                case "nullable" -> out.add(breaking("column", column, "changed",
                        TRUE.equals(was) ? "NOT NULL added" : "NOT NULL dropped", objectKey));
                case "default" -> out.add(was == null
                        ? additive("column", column, "changed", "default " + is + " added", objectKey)
                        : breaking("column", column, "changed", is == null ? "default " + was + " dropped"
                        : "default " + was + " -> " + is, objectKey));
                default -> out.add(breaking("column", column, "changed",
                        attribute + " " + none(was) + " -> " + none(is), objectKey));
            }
        }
        return out;
    }

    private static String stripNotValid(String definition) {
        if (definition == null) {
            return "";
        }
        return definition.endsWith(NOT_VALID) ? definition.substring(0, definition.length() - NOT_VALID.length())
                : definition;
    }

    private static String none(String value) {
        return value == null ? "(none)" : value;
    }

    private static ClassifiedChange additive(String kind, String name, String action, String detail, String key) {
        return new ClassifiedChange(kind, name, action, detail, ChangeClass.ADDITIVE, key);
    }

    private static ClassifiedChange breaking(String kind, String name, String action, String detail, String key) {
        return new ClassifiedChange(kind, name, action, detail, ChangeClass.BREAKING, key);
    }
}
