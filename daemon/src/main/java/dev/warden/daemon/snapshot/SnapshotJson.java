package dev.warden.daemon.snapshot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationRecord;
import dev.warden.checks.migrations.RunningMigration;
import dev.warden.checks.rows.RowCounts;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.rollback.backup.Backup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** How a snapshot's parts are written to (and read from) the state store's jsonb columns. */
final class SnapshotJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SnapshotJson() {
    }

    static JsonObject schema(SchemaFingerprint schema) {
        return new JsonObject(MAPPER.convertValue(schema.toPlain(), new TypeReference<Map<String, Object>>() { }));
    }

    static SchemaFingerprint schema(JsonObject json) {
        return SchemaFingerprint.fromPlain(plain(json));
    }

    static JsonObject rows(RowCounts rows) {
        return new JsonObject(MAPPER.convertValue(rows, new TypeReference<Map<String, Object>>() { }));
    }

    static RowCounts rows(JsonObject json) {
        return MAPPER.convertValue(plain(json), RowCounts.class);
    }

    static JsonObject migrations(MigrationHistory history) {
        JsonArray records = new JsonArray();
        history.records().values().forEach(list -> list.forEach(r -> records.add(record(r))));
        JsonArray running = new JsonArray();
        history.running().forEach(r -> running.add(running(r)));
        return new JsonObject().put("records", records).put("running", running)
                .put("skipped", new JsonArray(history.skipped().stream().map(Object::toString).toList()));
    }

    static JsonObject backup(Backup backup) {
        return new JsonObject()
                .put("id", backup.id())
                .put("kind", backup.kind())
                .put("location", backup.location())
                .put("size_bytes", backup.sizeBytes())
                .put("created_at", backup.createdAt().toString())
                .put("checksum", backup.checksum())
                .put("verified", backup.verified())
                .put("row_counts", new JsonObject(Map.copyOf(backup.rowCounts())))
                .put("details", new JsonObject(Map.copyOf(backup.details())));
    }

    static Backup backup(JsonObject json) {
        Map<String, Long> rows = new java.util.LinkedHashMap<>();
        json.getJsonObject("row_counts", new JsonObject()).forEach(e -> rows.put(e.getKey(), ((Number) e.getValue()).longValue()));
        Map<String, String> details = new java.util.LinkedHashMap<>();
        json.getJsonObject("details", new JsonObject()).forEach(e -> details.put(e.getKey(), String.valueOf(e.getValue())));
        return new Backup(json.getString("id"), json.getString("kind"), json.getString("location"),
                json.getLong("size_bytes", 0L), java.time.Instant.parse(json.getString("created_at")),
                json.getString("checksum"), json.getBoolean("verified", false), rows, details);
    }

    private static JsonObject record(MigrationRecord r) {
        return new JsonObject()
                .put("tool", r.tool())
                .put("schema", r.schema())
                .put("version", r.version())
                .put("name", r.name())
                .put("applied_at", r.appliedAt() == null ? null : r.appliedAt().toString())
                .put("duration_ms", r.duration() == null ? null : r.duration().toMillis())
                .put("state", r.state().name().toLowerCase());
    }

    private static JsonObject running(RunningMigration r) {
        return new JsonObject()
                .put("tool", r.tool())
                .put("pid", r.pid())
                .put("started_at", r.startedAt() == null ? null : r.startedAt().toString())
                .put("statement", r.statementPreview())
                .put("waiting", r.waiting())
                .put("source", r.source().name().toLowerCase());
    }

    /** Plain maps and lists all the way down, for readers that expect them. */
    private static Map<String, Object> plain(JsonObject json) {
        try {
            return MAPPER.readValue(json.encode(), new TypeReference<Map<String, Object>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored snapshot is not valid JSON", e);
        }
    }
}
