package dev.warden.rollback.down;

import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationHistoryReader;
import dev.warden.checks.migrations.MigrationRecord;
import dev.warden.checks.migrations.MigrationState;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Any tool's history, read through the checks' {@link MigrationHistoryReader} (which skips a table a
 * migration holds a lock on): for the directory tool, whose scripts Warden runs without recording
 * anything, and the command tool, whose own command records the rollback. A version is applied
 * when its newest record is APPLIED.
 */
final class HistoryReaderLedger implements MigrationLedger {
    private final String tool;
    private final boolean records;

    /** @param tool whose history, or null for the only one found; {@code records}: whether the tool writes it */
    HistoryReaderLedger(String tool, boolean records) {
        this.tool = tool;
        this.records = records;
    }

    @Override
    public Future<List<String>> applied(SqlConnection c) {
        return MigrationHistoryReader.builtIn().read(c).compose(history -> {
            String chosen = tool != null ? tool : history.records().size() == 1
                    ? history.records().keySet().iterator().next() : null;
            if (chosen == null) {
                return fail("set history_tool: the target has the history of " + (history.tools().isEmpty()
                        ? "no migration tool" : "several tools " + history.tools()));
            }
            if (history.skipped().stream().anyMatch(s -> s.tool().equals(chosen))) {
                return fail("the " + chosen + " history could not be read now (" + history.skipped() + ")");
            }
            if (history.migrationInProgress()) {
                return fail("a migration is running now");
            }
            if (history.failed().stream().anyMatch(r -> r.tool().equals(chosen))) {
                return fail(chosen + " records a failed migration; fix it before rolling back");
            }
            return Future.succeededFuture(appliedOf(history, chosen));
        });
    }

    @Override
    public Future<List<String>> stillApplied(SqlConnection c, List<String> versions) {
        return applied(c).map(applied -> versions.stream().filter(applied::contains).toList());
    }

    @Override
    public Future<Void> before(SqlConnection c, Undo undo) {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> after(SqlConnection c, Undo undo, long millis) {
        return Future.succeededFuture();
    }

    @Override
    public Set<Long> advisoryLockKeys(String database) {
        return Set.of();
    }

    @Override
    public String describe() {
        return records ? "the tool's own command records the rollback in its history"
                : "no history is updated: the tool's history still lists the undone versions as applied;"
                        + " mark them rolled back with the tool (e.g. prisma migrate resolve --rolled-back)";
    }

    private static List<String> appliedOf(MigrationHistory history, String tool) {
        List<String> applied = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (MigrationRecord record : history.records(tool)) {
            if (record.version() != null && seen.add(record.schema() + '\u0000' + record.version())
                    && record.state() == MigrationState.APPLIED) {
                applied.add(record.version());
            }
        }
        return applied;
    }

    private static <T> Future<T> fail(String why) {
        return Future.failedFuture(new IllegalStateException(why));
    }
}
