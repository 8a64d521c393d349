package dev.warden.daemon.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationRecord;
import dev.warden.checks.migrations.MigrationState;
import dev.warden.checks.migrations.RunningMigration;
import dev.warden.checks.rows.CountStatus;
import dev.warden.checks.rows.EstimateSource;
import dev.warden.checks.rows.RowCounts;
import dev.warden.checks.rows.TableRowCount;
import dev.warden.rollback.backup.Backup;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Snapshots already stored (and the API that serves them) keep their JSON. */
class SnapshotJsonTest {
    private static final Instant AT = Instant.parse("2026-11-22T03:00:00Z");

    @Test
    void shouldWriteMigrationRecordsAndRunningMigrationsAsBefore() {
        MigrationHistory history = new MigrationHistory(Map.of("flyway", List.of(
                new MigrationRecord("flyway", "public", "2", "add orders", AT, Duration.ofMillis(1500), MigrationState.APPLIED),
                new MigrationRecord("flyway", "public", null, "views", null, null, MigrationState.ROLLED_BACK))),
                List.of(new RunningMigration("flyway", 42, AT, "ALTER TABLE orders ...", true,
                        RunningMigration.Source.ADVISORY_LOCK)), List.of());

        assertThat(SnapshotJson.migrations(history)).isEqualTo(new JsonObject("""
                {"records": [
                   {"tool": "flyway", "schema": "public", "version": "2", "name": "add orders",
                    "applied_at": "2026-11-22T03:00:00Z", "duration_ms": 1500, "state": "applied"},
                   {"tool": "flyway", "schema": "public", "version": null, "name": "views",
                    "applied_at": null, "duration_ms": null, "state": "rolled_back"}],
                 "running": [{"tool": "flyway", "pid": 42, "started_at": "2026-11-22T03:00:00Z",
                              "statement": "ALTER TABLE orders ...", "waiting": true, "source": "advisory_lock"}],
                 "skipped": []}"""));
    }

    @Test
    void shouldReadRowCountsBackFromTheStoredText() {
        RowCounts counts = new RowCounts(List.of(
                new TableRowCount("app", "orders", 1200, EstimateSource.RELTUPLES, 1190, 1300, 40, 100, 1200L,
                        CountStatus.COUNTED, null),
                new TableRowCount("app", "gone", 0, EstimateSource.NONE, 0, 0, 0, 0, null, CountStatus.MISSING,
                        "no table app.gone")));

        // The column as text, as the state store gives it back to the baseline.
        String stored = new JsonObject(SnapshotJson.rows(counts).encode()).encode();

        assertThat(SnapshotJson.rows(stored)).isEqualTo(counts);
    }

    @Test
    void shouldWriteBackupsAsBeforeAndReadThemBack() {
        Backup backup = new Backup("shop_dump", "dump", "/backups/shop.dump", 4096, AT, "ab12", true,
                Map.of("public.orders", 1000L), Map.of("server_version", "17.11"));

        JsonObject json = SnapshotJson.backup(backup);

        assertThat(json).isEqualTo(new JsonObject("""
                {"id": "shop_dump", "kind": "dump", "location": "/backups/shop.dump", "size_bytes": 4096,
                 "created_at": "2026-11-22T03:00:00Z", "checksum": "ab12", "verified": true,
                 "row_counts": {"public.orders": 1000}, "details": {"server_version": "17.11"}}"""));
        assertThat(SnapshotJson.backup(json)).isEqualTo(backup);
    }

    @Test
    void shouldReadABackupWithoutItsOptionalParts() {
        Backup read = SnapshotJson.backup(new JsonObject("""
                {"id": "c", "kind": "clone", "location": "c", "created_at": "2026-11-22T03:00:00Z",
                 "details": {"port": 5432}}"""));

        assertThat(read).isEqualTo(new Backup("c", "clone", "c", 0, AT, null, false, Map.of(), Map.of("port", "5432")));
    }
}
