package dev.warden.rollback.engine;

import dev.warden.rollback.backup.Backup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The journal's JSON columns: the request (without credentials), the planned steps, the impact. */
final class JournalJson {
    private JournalJson() {
    }

    static JsonObject request(RollbackRequest request) {
        RollbackOptions o = request.options();
        return new JsonObject()
                .put("database", request.database())
                .put("requested_at", request.requestedAt().toString())
                .put("backup", request.backup() == null ? null : backup(request.backup()))
                .put("options", new JsonObject()
                        .put("critical_tables", new JsonArray(o.criticalTables()))
                        .put("lift", o.lift())
                        .put("sessions_gone_bound_ms", o.sessionsGoneBound().toMillis())
                        .put("restore_timeout_ms", o.restoreTimeout().toMillis())
                        .put("pg_restore", o.pgRestore())
                        .put("pinned", new JsonObject(new LinkedHashMap<>(o.pinned()))));
    }

    static RollbackOptions options(JsonObject request) {
        JsonObject o = request.getJsonObject("options");
        Map<String, String> pinned = new LinkedHashMap<>();
        o.getJsonObject("pinned", new JsonObject()).forEach(e -> pinned.put(e.getKey(), String.valueOf(e.getValue())));
        return new RollbackOptions(strings(o.getJsonArray("critical_tables")), o.getBoolean("lift"),
                Duration.ofMillis(o.getLong("sessions_gone_bound_ms")), Duration.ofMillis(o.getLong("restore_timeout_ms")),
                o.getString("pg_restore"), pinned);
    }

    static JsonObject backup(Backup b) {
        return new JsonObject().put("id", b.id()).put("kind", b.kind()).put("location", b.location())
                .put("size_bytes", b.sizeBytes()).put("created_at", b.createdAt().toString())
                .put("checksum", b.checksum()).put("verified", b.verified())
                .put("row_counts", new JsonObject(new LinkedHashMap<>(b.rowCounts())))
                .put("details", new JsonObject(new LinkedHashMap<>(b.details())));
    }

    static Backup backup(JsonObject j) {
        if (j == null) {
            return null;
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        j.getJsonObject("row_counts").forEach(e -> rows.put(e.getKey(), ((Number) e.getValue()).longValue()));
        Map<String, String> details = new LinkedHashMap<>();
        j.getJsonObject("details").forEach(e -> details.put(e.getKey(), String.valueOf(e.getValue())));
        return new Backup(j.getString("id"), j.getString("kind"), j.getString("location"), j.getLong("size_bytes"),
                Instant.parse(j.getString("created_at")), j.getString("checksum"), j.getBoolean("verified"), rows, details);
    }

    static JsonArray steps(List<Step> steps) {
        JsonArray out = new JsonArray();
        steps.forEach(s -> out.add(new JsonObject().put("name", s.name()).put("destructive", s.destructive())));
        return out;
    }

    static List<JournaledRollback.PlannedStep> steps(JsonArray steps) {
        return steps.stream().map(JsonObject.class::cast)
                .map(s -> new JournaledRollback.PlannedStep(s.getString("name"), s.getBoolean("destructive")))
                .toList();
    }

    static JsonObject impact(DataImpact impact) {
        JsonArray tables = new JsonArray();
        impact.tables().forEach(t -> tables.add(new JsonObject().put("table", t.table())
                .put("rows_in_backup", t.rowsInBackup()).put("rows_now", t.rowsNow())
                .put("rows_set_aside", t.rowsSetAside()).put("rows_brought_back", t.rowsBroughtBack())));
        JsonArray dropped = new JsonArray();
        impact.dropped().forEach(d -> dropped.add(new JsonObject().put("table", d.table()).put("column", d.column())
                .put("values", d.values())));
        return new JsonObject().put("tables", tables)
                .put("tables_set_aside", new JsonArray(impact.tablesSetAside()))
                .put("dropped", dropped)
                .put("notes", new JsonArray(impact.notes()));
    }

    static DataImpact impact(JsonObject j) {
        List<DataImpact.TableChange> tables = j.getJsonArray("tables").stream().map(JsonObject.class::cast)
                .map(t -> new DataImpact.TableChange(t.getString("table"), t.getLong("rows_in_backup"),
                        t.getLong("rows_now")))
                .toList();
        JsonArray listed = j.getJsonArray("dropped", new JsonArray());
        List<DataImpact.Dropped> dropped = listed.stream().map(JsonObject.class::cast)
                .map(d -> new DataImpact.Dropped(d.getString("table"), d.getString("column"), d.getLong("values")))
                .toList();
        return new DataImpact(tables, strings(j.getJsonArray("tables_set_aside")), dropped,
                strings(j.getJsonArray("notes")));
    }

    static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).toList();
    }
}
