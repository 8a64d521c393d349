package dev.warden.checks.schema;

import java.util.Locale;

/** The kinds of schema object a fingerprint covers; {@link #key()} prefixes an object's key. */
public enum ObjectKind {
    TABLE,
    CONSTRAINT,
    INDEX,
    SEQUENCE,
    VIEW,
    MATERIALIZED_VIEW,
    FUNCTION,
    TRIGGER,
    EXTENSION;

    /** The lower-case name used in keys ({@code table:public.orders}) and in the catalog queries. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ObjectKind fromKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
