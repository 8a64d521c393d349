package dev.warden.checks.schema;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * One schema object as read from the catalog: its kind, its schema-qualified name and its
 * definition as attributes. Attributes are kept sorted so that equal definitions hash equally.
 * Column attributes of a table are named {@code column.<name>.<attribute>}. The hash is computed
 * once: an expected schema of 40,000 objects is compared with the live one every cycle. The
 * attributes are kept compact ({@link CompactAttributes}) since that expected schema stays in memory,
 * and so do other whole fingerprints (the migration watch's quiet schema): {@link #canonical} gives
 * every reader one shared instance per definition, with its key and hash, instead of one copy each.
 */
public final class SchemaObject {
    /** Weak both ways: an object no fingerprint holds any more leaves the map at the next collection. */
    private static final Map<SchemaObject, WeakReference<SchemaObject>> CANONICAL =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final ObjectKind kind;
    private final String qualifiedName;
    private final String key;
    private final CompactAttributes attributes;
    private volatile byte[] digest;

    public SchemaObject(ObjectKind kind, String qualifiedName, Map<String, String> attributes) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.qualifiedName = Objects.requireNonNull(qualifiedName, "qualifiedName");
        this.key = key(kind, qualifiedName);
        this.attributes = CompactAttributes.of(attributes);
    }

    public ObjectKind kind() {
        return kind;
    }

    public String qualifiedName() {
        return qualifiedName;
    }

    /** Read-only, in key order. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** The key of this object in a fingerprint: {@code kind:qualifiedName}. */
    public String key() {
        return key;
    }

    /** The instance every holder shares for this definition: {@code object} itself unless an equal one is held. */
    public static SchemaObject canonical(SchemaObject object) {
        synchronized (CANONICAL) {
            WeakReference<SchemaObject> held = CANONICAL.get(object);
            SchemaObject shared = held == null ? null : held.get();
            if (shared != null) {
                return shared;
            }
            CANONICAL.put(object, new WeakReference<>(object));
            return object;
        }
    }

    public static String key(ObjectKind kind, String qualifiedName) {
        return kind.key() + ":" + qualifiedName;
    }

    /** SHA-256 (hex) of the kind, the name and every attribute, in their stable order. */
    public String hash() {
        return HexFormat.of().formatHex(digest());
    }

    /** The same SHA-256 as {@link #hash()}, as 32 bytes (not to be modified). */
    byte[] digest() {
        byte[] computed = digest;
        if (computed == null) {
            Sha256 sha = new Sha256().add(kind.key()).add(qualifiedName);
            attributes.forEach((name, value) -> sha.add(name).add(value));
            computed = sha.bytes();
            digest = computed;
        }
        return computed;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SchemaObject that && kind == that.kind && qualifiedName.equals(that.qualifiedName)
                && attributes.equals(that.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, qualifiedName, attributes);
    }

    @Override
    public String toString() {
        return "SchemaObject[kind=" + kind + ", qualifiedName=" + qualifiedName + ", attributes=" + attributes + "]";
    }
}
