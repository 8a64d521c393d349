package dev.warden.daemon.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.warden.checks.WardenJson;
import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationRecord;
import dev.warden.checks.migrations.RunningMigration;
import dev.warden.checks.rows.RowCounts;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.rollback.backup.Backup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a snapshot's parts are written to (and read from) the state store's jsonb columns. Schema and
 * row counts keep the plain mapper they were first stored with (camelCase names, enum names as they
 * are); migrations and backups go through {@link WardenJson}.
 */
final class SnapshotJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final WardenJson JSON = WardenJson.mapper()
            .withMixIn(MigrationRecord.class, RecordJson.class)
            .withMixIn(RunningMigration.class, RunningJson.class);

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

    /**
     * The stored counts from the column's text, bound in one pass: a 10,000-table snapshot's counts went
     * through three trees of maps before (the driver's, a copy, the binding), a fifth of a one-shot check's CPU.
     */
    static RowCounts rows(String json) {
        try {
            return MAPPER.readValue(json, RowCounts.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored snapshot's row counts are not valid JSON", e);
        }
    }

    static JsonObject migrations(MigrationHistory history) {
        return new JsonObject()
                .put("records", JSON.array(history.records().values().stream().flatMap(List::stream).toList()))
                .put("running", JSON.array(history.running()))
                .put("skipped", new JsonArray(history.skipped().stream().map(Object::toString).toList()));
    }

    static JsonObject backup(Backup backup) {
        return JSON.object(backup);
    }

    static Backup backup(JsonObject json) {
        return JSON.read(json, Backup.class);
    }

    /** Plain maps and lists all the way down, for readers that expect them. */
    private static Map<String, Object> plain(JsonObject json) {
        try {
            return MAPPER.readValue(json.encode(), new TypeReference<Map<String, Object>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored snapshot is not valid JSON", e);
        }
    }

    private interface RecordJson {
        @JsonProperty("duration_ms")
        @JsonSerialize(converter = WardenJson.Millis.class)
        Duration duration();
    }

    private interface RunningJson {
        @JsonProperty("statement")
        String statementPreview();
    }
}
