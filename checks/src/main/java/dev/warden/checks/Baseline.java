package dev.warden.checks;

import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.rows.RowCounts;
import java.util.List;
import java.util.Optional;

/**
 * What the daemon already knows about the target when a check runs; every part is optional and a
 * check that needs a missing part says so (inconclusive) or measures it itself.
 *
 * @param snapshotRowCounts  row counts of the latest baseline snapshot
 * @param previousRowCounts  row counts of the previous check cycle
 * @param expectedSchema     the schema the target should have
 * @param migrationHistory   the migration history read in this cycle; checks read it themselves when absent
 * @param expectations       declared intended row-count changes in force now
 */
public record Baseline(Optional<RowCounts> snapshotRowCounts, Optional<RowCounts> previousRowCounts,
                       Optional<ExpectedSchema> expectedSchema, Optional<MigrationHistory> migrationHistory,
                       List<RowCountExpectation> expectations) {

    private static final Baseline NONE = new Baseline(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), List.of());

    public Baseline {
        expectations = List.copyOf(expectations);
    }

    public static Baseline none() {
        return NONE;
    }

    public Baseline withSnapshotRowCounts(RowCounts counts) {
        return new Baseline(Optional.of(counts), previousRowCounts, expectedSchema, migrationHistory, expectations);
    }

    public Baseline withPreviousRowCounts(RowCounts counts) {
        return new Baseline(snapshotRowCounts, Optional.of(counts), expectedSchema, migrationHistory, expectations);
    }

    public Baseline withExpectedSchema(ExpectedSchema schema) {
        return new Baseline(snapshotRowCounts, previousRowCounts, Optional.of(schema), migrationHistory, expectations);
    }

    public Baseline withMigrationHistory(MigrationHistory history) {
        return new Baseline(snapshotRowCounts, previousRowCounts, expectedSchema, Optional.of(history), expectations);
    }

    public Baseline withExpectations(List<RowCountExpectation> declared) {
        return new Baseline(snapshotRowCounts, previousRowCounts, expectedSchema, migrationHistory, declared);
    }

    public Optional<RowCountExpectation> expectationFor(String qualifiedTable) {
        return expectations.stream().filter(e -> e.table().equals(qualifiedTable)).findFirst();
    }
}
