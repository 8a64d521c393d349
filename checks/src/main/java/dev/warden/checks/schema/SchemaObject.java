package dev.warden.checks.schema;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One schema object as read from the catalog: its kind, its schema-qualified name and its
 * definition as attributes. Attributes are kept sorted so that equal definitions hash equally.
 * Column attributes of a table are named {@code column.<name>.<attribute>}.
 */
public record SchemaObject(ObjectKind kind, String qualifiedName, Map<String, String> attributes) {

    public SchemaObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(qualifiedName, "qualifiedName");
        attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    }

    /** The key of this object in a fingerprint: {@code kind:qualifiedName}. */
    public String key() {
        return key(kind, qualifiedName);
    }

    public static String key(ObjectKind kind, String qualifiedName) {
        return kind.key() + ":" + qualifiedName;
    }

    /** SHA-256 (hex) of the kind, the name and every attribute, in their stable order. */
    public String hash() {
        Sha256 sha = new Sha256().add(kind.key()).add(qualifiedName);
        attributes.forEach((name, value) -> sha.add(name).add(value));
        return sha.hex();
    }
}
