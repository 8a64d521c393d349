package dev.warden.daemon.snapshot;

import dev.warden.checks.ExpectedSchema;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.daemon.state.StateStore;
import dev.warden.rollback.backup.Backup;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Snapshots in Warden's state database. */
public final class SnapshotStore {
    private static final String SUMMARY_COLUMNS = "id, target, reason, taken_at, duration_ms, server_version,"
            + " schema_hash, backup_kind, backup_location, backup_size_bytes, backup_verified, tainted_because,"
            + " backup #>> '{details,lsn}' AS backup_lsn, backup #>> '{details,archived_at}' AS backup_archived_at, label";

    private final StateStore state;

    public SnapshotStore(StateStore state) {
        this.state = state;
    }

    public Future<Snapshot> insert(Snapshot s) {
        return state.ready().compose(v -> state.pool().preparedQuery("""
                INSERT INTO warden.snapshots (target, reason, taken_at, duration_ms, server_version, schema_hash,
                    schema, row_counts, migrations, notes, backup_kind, backup_location, backup_size_bytes,
                    backup_verified, backup, tainted_because, label)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id""")
                .execute(Tuple.from(new Object[] {s.target(), s.reason().label(),
                        OffsetDateTime.ofInstant(s.takenAt(), ZoneOffset.UTC), s.duration().toMillis(),
                        s.serverVersion(), s.schema().hash(), SnapshotJson.schema(s.schema()),
                        SnapshotJson.rows(s.rows()), SnapshotJson.migrations(s.migrations()), new JsonArray(s.notes()),
                        s.backup() == null ? null : s.backup().kind(), s.backup() == null ? null : s.backup().location(),
                        s.backup() == null ? null : s.backup().sizeBytes(), s.backup() != null && s.backup().verified(),
                        s.backup() == null ? null : SnapshotJson.backup(s.backup()), s.taintedBecause(), s.label()})))
                .map(rows -> s.withId(rows.iterator().next().getLong("id")));
    }

    /** A target's snapshots, newest first. */
    public Future<List<SnapshotSummary>> list(String target) {
        return state.ready().compose(v -> state.pool()
                .preparedQuery("SELECT " + SUMMARY_COLUMNS + " FROM warden.snapshots WHERE target = $1 ORDER BY taken_at DESC, id DESC")
                .execute(Tuple.of(target)))
                .map(rows -> {
                    List<SnapshotSummary> out = new ArrayList<>();
                    rows.forEach(row -> out.add(summary(row)));
                    return out;
                });
    }

    /** The whole snapshot as stored, for the API. */
    public Future<Optional<JsonObject>> get(String target, long id) {
        return state.ready().compose(v -> state.pool().preparedQuery("""
                SELECT %s, schema, row_counts, migrations, notes, backup FROM warden.snapshots
                WHERE target = $1 AND id = $2""".formatted(SUMMARY_COLUMNS)).execute(Tuple.of(target, id)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(summary(row).toJson()
                            .put("schema", row.getJsonObject("schema"))
                            .put("row_counts", row.getJsonObject("row_counts"))
                            .put("migrations", row.getJsonObject("migrations"))
                            .put("notes", row.getJsonArray("notes"))
                            .put("backup", row.getJsonObject("backup")));
                });
    }

    public Future<Optional<SchemaFingerprint>> schema(String target, long id) {
        return state.ready().compose(v -> state.pool()
                .preparedQuery("SELECT schema FROM warden.snapshots WHERE target = $1 AND id = $2")
                .execute(Tuple.of(target, id)))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(SnapshotJson.schema(rows.iterator().next().getJsonObject("schema"))));
    }

    /**
     * The target's restore point: the newest verified backup of a clean snapshot, what a restore brings
     * back. A backup taken during an incident would bring the incident back with it.
     */
    public Future<Optional<Backup>> newestVerifiedBackup(String target) {
        return state.ready().compose(v -> state.pool().preparedQuery("""
                SELECT backup FROM warden.snapshots WHERE target = $1 AND backup_verified AND tainted_because IS NULL
                ORDER BY taken_at DESC, id DESC LIMIT 1""").execute(Tuple.of(target)))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(SnapshotJson.backup(rows.iterator().next().getJsonObject("backup"))));
    }

    /** The target's newest clone backup, clean or not, verified or not: how long its last clone kept the door shut. */
    public Future<Optional<Backup>> newestClone(String target) {
        return state.ready().compose(v -> state.pool().preparedQuery("""
                SELECT backup FROM warden.snapshots WHERE target = $1 AND backup_kind = 'clone'
                ORDER BY taken_at DESC, id DESC LIMIT 1""").execute(Tuple.of(target)))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(SnapshotJson.backup(rows.iterator().next().getJsonObject("backup"))));
    }

    /**
     * The newest clean snapshot's counts of {@code tables} (the critical ones: all the row-count check
     * compares; 10,000 tables' counts were most of a one-shot check's decoding) and its schema, for
     * the checks' baseline: the schema by its hash, its objects read when a comparison first needs them.
     */
    public Future<Optional<LatestSnapshot>> latest(String target, List<String> tables) {
        return state.ready().compose(v -> state.pool().preparedQuery("""
                SELECT id, taken_at, schema_hash, jsonb_build_object('tables', coalesce(
                           (SELECT jsonb_agg(t.counts ORDER BY t.position)
                              FROM jsonb_array_elements(row_counts -> 'tables') WITH ORDINALITY AS t (counts, position)
                             WHERE (t.counts ->> 'schemaname') || '.' || (t.counts ->> 'relname') = ANY ($2)),
                           '[]'::jsonb))::text AS row_counts
                  FROM warden.snapshots
                 WHERE target = $1 AND tainted_because IS NULL
                 ORDER BY taken_at DESC, id DESC LIMIT 1""").execute(Tuple.of(target, (Object) tables.toArray(new String[0]))))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(latest(target, rows.iterator().next())));
    }

    /** The snapshot whose backup is at {@code backupLocation}: what a restore of that backup should look like. */
    public Future<Optional<LatestSnapshot>> withBackup(String target, String backupLocation) {
        return state.ready().compose(v -> state.pool().preparedQuery("""
                SELECT id, taken_at, row_counts::text AS row_counts, schema_hash FROM warden.snapshots
                WHERE target = $1 AND backup_location = $2
                ORDER BY taken_at DESC, id DESC LIMIT 1""").execute(Tuple.of(target, backupLocation)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(latest(target, rows.iterator().next())));
    }

    private LatestSnapshot latest(String target, Row row) {
        long id = row.getLong("id");
        Instant takenAt = row.getOffsetDateTime("taken_at").toInstant();
        return new LatestSnapshot(id, takenAt, SnapshotJson.rows(row.getString("row_counts")),
                ExpectedSchema.byHash(row.getString("schema_hash"), takenAt, new SchemaOnDemand(() -> schema(target, id)
                        .map(found -> found.orElseThrow(() -> new IllegalStateException("snapshot " + id + " of "
                                + target + " is gone: its schema cannot be read"))))));
    }

    public Future<Void> delete(long id) {
        return state.pool().preparedQuery("DELETE FROM warden.snapshots WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
    }

    private static SnapshotSummary summary(Row row) {
        return new SnapshotSummary(row.getLong("id"), row.getString("target"), row.getString("reason"),
                row.getOffsetDateTime("taken_at").toInstant(), row.getLong("duration_ms"), row.getString("server_version"),
                row.getString("schema_hash"), row.getString("backup_kind"), row.getString("backup_location"),
                row.getLong("backup_size_bytes"), row.getBoolean("backup_verified"), row.getString("tainted_because"),
                row.getString("backup_lsn"), row.getString("backup_archived_at"), row.getString("label"));
    }
}
