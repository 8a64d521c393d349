package dev.warden.checks.schema;

import java.util.Locale;

/**
 * The risk of one schema change. Additive changes keep every existing reader and writer working (new
 * table, valid index, nullable or defaulted column, view, function, valid constraint, widened type);
 * breaking ones may not (drops, renames, narrowing or rewriting type changes, NOT NULL added, INVALID
 * indexes, redefinitions). Whatever is not known to be additive is breaking.
 */
public enum ChangeClass {
    ADDITIVE,
    BREAKING;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
