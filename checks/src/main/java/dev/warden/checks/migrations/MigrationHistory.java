package dev.warden.checks.migrations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every migration tool's history found in one database, normalised.
 *
 * @param records per tool, its records, newest first within each history table (a tool found in two
 *                schemas lists one schema's records after the other's)
 * @param running evidence of migrations in progress, possibly several pieces per migration
 * @param skipped history tables found but not read this time
 */
public record MigrationHistory(Map<String, List<MigrationRecord>> records, List<RunningMigration> running,
                               List<SkippedTable> skipped) {
    public MigrationHistory {
        Map<String, List<MigrationRecord>> copy = new LinkedHashMap<>();
        records.forEach((tool, list) -> copy.put(tool, List.copyOf(list)));
        records = Collections.unmodifiableMap(copy);
        running = List.copyOf(running);
        skipped = List.copyOf(skipped);
    }

    /** The tools whose history table exists, read or skipped. */
    public Set<String> tools() {
        Set<String> tools = new LinkedHashSet<>(records.keySet());
        skipped.forEach(s -> tools.add(s.tool()));
        return tools;
    }

    public List<MigrationRecord> records(String tool) {
        return records.getOrDefault(tool, List.of());
    }

    /** Names a running migration: its tool's version when the history shows one running, else its session. */
    public String migrationOf(RunningMigration migration) {
        String tool = migration.tool() == null ? "unknown" : migration.tool();
        return records(tool).stream().filter(r -> r.state() == MigrationState.RUNNING).findFirst()
                .map(MigrationRecord::version).orElse("pid-" + migration.pid());
    }

    /**
     * The most recent migration of all tools: the latest application time among records that have
     * one; when no record has a time, the newest record of the first tool.
     */
    public Optional<MigrationRecord> latest() {
        List<MigrationRecord> all = records.values().stream().flatMap(List::stream).toList();
        Optional<MigrationRecord> timed = all.stream().filter(r -> r.appliedAt() != null)
                .max(Comparator.comparing(MigrationRecord::appliedAt));
        return timed.isPresent() ? timed : all.stream().findFirst();
    }

    /**
     * Failed migrations that still stand: FAILED records not followed by a newer APPLIED or ROLLED_BACK
     * record of the same version, and DIRTY ones unless their tool shows a running migration (dirty
     * then means "in progress").
     */
    public List<MigrationRecord> failed() {
        Set<String> toolsRunning = new HashSet<>();
        running.forEach(r -> toolsRunning.add(r.tool()));
        List<MigrationRecord> failed = new ArrayList<>();
        for (List<MigrationRecord> list : records.values()) {
            Set<String> settled = new HashSet<>();
            for (MigrationRecord record : list) { // newest first
                String key = record.schema() + '\u0000' + record.version();
                switch (record.state()) {
                    case APPLIED, ROLLED_BACK -> settled.add(key);
                    case FAILED -> {
                        if (!settled.contains(key)) {
                            failed.add(record);
                        }
                    }
                    case DIRTY -> {
                        if (!toolsRunning.contains(record.tool())) {
                            failed.add(record);
                        }
                    }
                    case RUNNING -> {
                    }
                }
            }
        }
        return failed;
    }

    /**
     * Whether anything says a migration is running: running evidence, or a history table skipped
     * because of an AccessExclusiveLock on it.
     */
    public boolean migrationInProgress() {
        return !running.isEmpty()
                || skipped.stream().anyMatch(s -> s.reason() == SkippedTable.Reason.ACCESS_EXCLUSIVE_LOCK);
    }
}
