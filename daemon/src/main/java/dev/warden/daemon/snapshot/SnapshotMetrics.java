package dev.warden.daemon.snapshot;

import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationRecord;
import dev.warden.checks.migrations.MigrationState;
import dev.warden.checks.rows.CountStatus;
import dev.warden.checks.rows.RowCounts;
import dev.warden.checks.rows.TableRowCount;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.CloneBackup;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
/**
 * What snapshots teach: their duration and success, the restore point's size and age, table sizes
 * (critical tables and a capped top-N only) and the migration state. Ages are computed at scrape time
 * from remembered instants, never by querying a database.
 */
public final class SnapshotMetrics {
    private final Clock clock;
    private final WardenMetrics metrics;
    private final Map<String, Instant> restorePointAt = new ConcurrentHashMap<>();
    private final Map<String, Set<List<String>>> tableSeries = new ConcurrentHashMap<>();
    private final Map<String, Set<List<String>>> durationSeries = new ConcurrentHashMap<>();
    private final Map<String, String> backupKind = new ConcurrentHashMap<>();
    private final Map<String, String> lastCloneKind = new ConcurrentHashMap<>();

    private final Histogram duration;
    private final Gauge lastSuccess;
    private final Gauge backupSize;
    private final Gauge doorShut;
    private final Gauge tableRows;
    private final Gauge migrationLastDuration;
    private final Counter skipped;

    public SnapshotMetrics(WardenMetrics metrics, Clock clock) {
        this.clock = clock;
        this.metrics = metrics;
        PrometheusRegistry registry = metrics.registry();
        this.skipped = metrics.skippedCounter();
        duration = Histogram.builder().withoutExemplars()
                .name("warden_snapshot_duration_seconds").help("Time to take a snapshot, backup included.")
                .labelNames("target").classicOnly().classicUpperBounds(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600)
                .register(registry);
        lastSuccess = Gauge.builder().withoutExemplars().name("warden_snapshot_last_success_timestamp_seconds")
                .help("When the last snapshot of the target was stored (Unix time).").labelNames("target").register(registry);
        backupSize = Gauge.builder().withoutExemplars()
                .name("warden_backup_size_bytes").help("Size of the target's newest verified backup.")
                .labelNames("target", "kind").register(registry);
        GaugeWithCallback.builder().name("warden_backup_age_seconds")
                .help("Age of the target's newest verified backup; absent when it has none.").labelNames("target")
                .callback(cb -> restorePointAt.forEach((target, at) ->
                        cb.call(Duration.between(at, clock.instant()).toMillis() / 1000.0, target)))
                .register(registry);
        doorShut = Gauge.builder().withoutExemplars().name("warden_backup_door_shut_seconds")
                .help("How long the target's last clone backup kept its sessions out (connections refused), labelled"
                        + " with that clone's restore kind: reflink_clone or block_copy.")
                .labelNames("target", "restore_kind").register(registry);
        tableRows = Gauge.builder().withoutExemplars().name("warden_table_rows")
                .help("Rows of critical tables (exact) and of the largest tables (estimated), from the last snapshot.")
                .labelNames("target", "schemaname", "relname").register(registry);
        migrationLastDuration = Gauge.builder().withoutExemplars().name("warden_migration_last_duration_seconds")
                .help("Duration of the newest applied migration, per tool, where the tool records it.")
                .labelNames("target", "tool").register(registry);
    }

    public void taken(Snapshot snapshot, int topTables) {
        String target = snapshot.target();
        duration.labelValues(target).observe(snapshot.duration().toMillis() / 1000.0);
        lastSuccess.labelValues(target).set(clock.instant().getEpochSecond());
        tables(target, snapshot.rows(), topTables);
        metrics.migrationFailed(target, "snapshot", !snapshot.migrations().failed().isEmpty());
        Map<List<String>, Double> durations = new LinkedHashMap<>();
        snapshot.migrations().records().forEach((tool, records) -> records.stream()
                .filter(r -> r.state() == MigrationState.APPLIED && r.duration() != null).findFirst()
                .map(MigrationRecord::duration)
                .ifPresent(d -> durations.put(List.of(target, tool), d.toMillis() / 1000.0)));
        replace(migrationLastDuration, durationSeries, target, durations);
    }

    public void restorePoint(String target, SnapshotSummary point) {
        String previousKind = backupKind.remove(target);
        if (previousKind != null) {
            backupSize.remove(target, previousKind);
        }
        if (point == null) {
            restorePointAt.remove(target);
            return;
        }
        restorePointAt.put(target, point.takenAt());
        backupKind.put(target, point.backupKind());
        backupSize.labelValues(target, point.backupKind()).set(point.backupSizeBytes() == null ? 0 : point.backupSizeBytes());
    }

    /** The target's newest clone: one series, under the restore kind that clone had. */
    public void lastClone(String target, Backup clone) {
        Double seconds = RestoreReport.doorShutSeconds(clone);
        String kind = clone.details().get(CloneBackup.RESTORE_KIND);
        String previous = lastCloneKind.remove(target);
        if (previous != null) {
            doorShut.remove(target, previous);
        }
        if (seconds != null && kind != null) {
            lastCloneKind.put(target, kind);
            doorShut.labelValues(target, kind).set(seconds);
        }
    }

    public void skipped(String target) {
        skipped.labelValues(target, "snapshot").inc();
    }

    /** Critical tables (those counted exactly, or tried) and the {@code topTables} largest others. */
    private void tables(String target, RowCounts rows, int topTables) {
        Map<List<String>, Double> series = new LinkedHashMap<>();
        for (TableRowCount table : rows.tables()) {
            if (table.status() != CountStatus.ESTIMATED_ONLY && table.status() != CountStatus.MISSING) {
                series.put(List.of(target, table.schemaname(), table.relname()), (double) rowsOf(table));
            }
        }
        for (TableRowCount table : rows.largest(topTables)) {
            series.putIfAbsent(List.of(target, table.schemaname(), table.relname()), (double) rowsOf(table));
        }
        replace(tableRows, tableSeries, target, series);
    }

    private static long rowsOf(TableRowCount table) {
        return table.exactRows() != null ? table.exactRows() : table.estimatedRows();
    }

    /** Sets a target's series and removes those it no longer has, so dropped tables do not linger. */
    private static void replace(Gauge gauge, Map<String, Set<List<String>>> known, String target,
                                Map<List<String>, Double> values) {
        Set<List<String>> previous = known.getOrDefault(target, Set.of());
        for (List<String> labels : previous) {
            if (!values.containsKey(labels)) {
                gauge.remove(labels.toArray(String[]::new));
            }
        }
        values.forEach((labels, value) -> gauge.labelValues(labels.toArray(String[]::new)).set(value));
        known.put(target, new HashSet<>(values.keySet()));
    }

}
