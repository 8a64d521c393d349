package dev.warden.checks.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One classified change of one object: a table, a column, an index, ...
 *
 * @param kind       what changed: an object kind's key ({@code table}, {@code index}, ...) or {@code column}
 * @param name       its qualified name; a column's is {@code schema.table.column}
 * @param action     {@code new}, {@code dropped}, {@code renamed} or {@code changed}
 * @param detail     what exactly, or empty: {@code nullable text}, {@code type widened integer -> bigint}
 * @param changeClass additive or breaking
 * @param objectKey  the fingerprint key of the object this belongs to (a column's table)
 */
public record ClassifiedChange(String kind, String name, String action, String detail, ChangeClass changeClass,
                               String objectKey) {

    public ClassifiedChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(changeClass, "changeClass");
        Objects.requireNonNull(objectKey, "objectKey");
        detail = detail == null ? "" : detail;
    }

    public boolean additive() {
        return changeClass == ChangeClass.ADDITIVE;
    }

    /** For people: {@code new column public.users.nickname (nullable text)}. */
    public String describe() {
        return action + " " + kind + " " + name + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    /** For evidence: {kind, name, change, class}. */
    public Map<String, Object> toPlain() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("kind", kind);
        plain.put("name", name);
        plain.put("change", action + (detail.isEmpty() ? "" : ": " + detail));
        plain.put("class", changeClass.key());
        return plain;
    }
}
