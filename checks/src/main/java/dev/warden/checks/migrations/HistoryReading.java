package dev.warden.checks.migrations;

import java.util.List;

/**
 * What an adapter read from one history table: its records (newest first) and whatever the tool's own
 * tables say about a migration in progress.
 */
public record HistoryReading(List<MigrationRecord> records, List<RunningMigration> running) {
    public HistoryReading {
        records = List.copyOf(records);
        running = List.copyOf(running);
    }

    public static HistoryReading of(List<MigrationRecord> records) {
        return new HistoryReading(records, List.of());
    }
}
