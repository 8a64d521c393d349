package dev.warden.checks.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The schema of a database at one moment: its objects keyed by {@code kind:qualifiedName}, the keys
 * of objects that could not be read safely ({@code skipped}: a migration held or awaited an
 * AccessExclusiveLock on a relation they need), and one SHA-256 over all of it. Plain records, maps
 * and lists, so that it serialises as is; {@link #toPlain()} and {@link #fromPlain(Map)} give the
 * JSON-shaped form explicitly.
 */
public record SchemaFingerprint(Map<String, SchemaObject> objects, List<String> skipped, String hash) {

    public SchemaFingerprint {
        objects = Collections.unmodifiableSortedMap(new TreeMap<>(objects));
        skipped = skipped.stream().sorted().distinct().toList();
    }

    public static SchemaFingerprint of(Collection<SchemaObject> objects, Collection<String> skipped) {
        Map<String, SchemaObject> byKey = new TreeMap<>();
        for (SchemaObject object : objects) {
            if (byKey.put(object.key(), object) != null) {
                throw new IllegalArgumentException("two schema objects share the key " + object.key());
            }
        }
        List<String> sortedSkipped = skipped.stream().sorted().distinct().toList();
        return new SchemaFingerprint(byKey, sortedSkipped, hashOf(byKey, sortedSkipped));
    }

    /** False when some objects were skipped: then a diff cannot say anything about those. */
    public boolean complete() {
        return skipped.isEmpty();
    }

    public Optional<SchemaObject> find(ObjectKind kind, String qualifiedName) {
        return Optional.ofNullable(objects.get(SchemaObject.key(kind, qualifiedName)));
    }

    /** Maps, lists and strings only: {hash, skipped: [...], objects: [{kind, name, attributes, hash}]}. */
    public Map<String, Object> toPlain() {
        List<Map<String, Object>> plainObjects = new ArrayList<>();
        for (SchemaObject object : objects.values()) {
            Map<String, Object> plain = new LinkedHashMap<>();
            plain.put("kind", object.kind().key());
            plain.put("name", object.qualifiedName());
            plain.put("attributes", new TreeMap<>(object.attributes()));
            plain.put("hash", object.hash());
            plainObjects.add(plain);
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("hash", hash);
        plain.put("skipped", new ArrayList<>(skipped));
        plain.put("objects", plainObjects);
        return plain;
    }

    /** Reads {@link #toPlain()}'s form back; fails when the stored hash does not match the content. */
    @SuppressWarnings("unchecked")
    public static SchemaFingerprint fromPlain(Map<String, ?> plain) {
        List<SchemaObject> objects = new ArrayList<>();
        for (Map<String, ?> object : (List<Map<String, ?>>) plain.get("objects")) {
            objects.add(SchemaObject.canonical(new SchemaObject(ObjectKind.fromKey((String) object.get("kind")),
                    (String) object.get("name"), (Map<String, String>) object.get("attributes"))));
        }
        SchemaFingerprint fingerprint = of(objects, (List<String>) plain.get("skipped"));
        if (!fingerprint.hash().equals(plain.get("hash"))) {
            throw new IllegalArgumentException("schema fingerprint hash mismatch: stored " + plain.get("hash")
                    + ", content hashes to " + fingerprint.hash());
        }
        return fingerprint;
    }

    private static String hashOf(Map<String, SchemaObject> objects, List<String> skipped) {
        Sha256 sha = new Sha256();
        objects.forEach((key, object) -> sha.add(key).addHex(object.digest()));
        return total(sha, skipped);
    }

    /**
     * The last step of the total hash, which {@link IncrementalFingerprint} shares: it must give the
     * same value as a full read, which the stored snapshots' hashes were made with.
     */
    static String total(Sha256 objectsSoFar, List<String> sortedSkipped) {
        sortedSkipped.forEach(key -> objectsSoFar.add("skipped").add(key));
        return objectsSoFar.hex();
    }
}
