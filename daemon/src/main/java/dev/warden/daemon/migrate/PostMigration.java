package dev.warden.daemon.migrate;

import dev.warden.checks.CheckResult;
import dev.warden.checks.RowCountExpectation;
import dev.warden.checks.rows.RowCountRequest;
import dev.warden.checks.rows.RowCounter;
import dev.warden.checks.rows.RowCounts;
import dev.warden.checks.rows.TableRowCount;
import dev.warden.checks.schema.ChangeClassifier;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaReader;
import dev.warden.config.TargetConfig;
import dev.warden.daemon.snapshot.Snapshot;
import dev.warden.daemon.watch.WatchedTarget;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Right after the command: every check of the target at once (their results shown like scheduled ones,
 * not decided on), the schema against the pre-migration snapshot with each change's risk, and the exact
 * counts of critical tables against it with the declared expectations.
 */
final class PostMigration {
    private PostMigration() {
    }

    /** What the checks found; the report gets the schema changes and row deltas as well. */
    static Future<List<CheckResult>> run(WatchedTarget target, MigrationRun run, Snapshot before) {
        TargetConfig config = target.config();
        Future<List<CheckResult>> checks = target.checks().runAll();
        Future<Void> schema = SchemaReader.read(target.checks().pool(),
                        new SchemaFilter(config.snapshots().includeSchemas(), config.snapshots().excludeSchemas()))
                .map(after -> new JsonArray(ChangeClassifier.classify(before.schema(), after).stream()
                        .map(change -> new JsonObject().put("change", change.describe())
                                .put("class", change.changeClass().key()).put("additive", change.additive()))
                        .toList()))
                .onSuccess(changes -> run.put("schema_changes", changes))
                .onFailure(e -> run.put("schema_changes_error", e.getMessage()))
                .<Void>mapEmpty().otherwiseEmpty();
        Future<Void> rows = RowCounter.count(target.checks().pool(),
                        new RowCountRequest(config.criticalTables(), config.snapshots().exactCountTimeout()).criticalTablesOnly())
                .onSuccess(after -> run.put("row_deltas", deltas(config, run, before.rows(), after)))
                .onFailure(e -> run.put("row_deltas_error", e.getMessage()))
                .<Void>mapEmpty().otherwiseEmpty();
        return Future.all(checks, schema, rows).map(v -> checks.result()).onSuccess(results -> run.put("checks",
                new JsonArray(results.stream().map(PostMigration::describe).toList())));
    }

    private static JsonArray deltas(TargetConfig config, MigrationRun run, RowCounts before, RowCounts after) {
        JsonArray deltas = new JsonArray();
        for (String table : config.criticalTables()) {
            String qualified = table.contains(".") ? table : "public." + table;
            Long was = before.find(qualified).map(TableRowCount::exactRows).orElse(null);
            Long now = after.find(qualified).map(TableRowCount::exactRows).orElse(null);
            Optional<DeclaredExpectation> expected = run.request().expectations().stream()
                    .filter(e -> e.table().equals(qualified)).findFirst();
            JsonObject delta = new JsonObject().put("table", qualified).put("before", was).put("after", now);
            if (was != null && now != null) {
                delta.put("change", now - was);
                if (was > 0) {
                    delta.put("change_percent", Math.round((now - was) * 1000.0 / was) / 10.0);
                }
            }
            expected.ifPresent(e -> delta.put("expectation", e.declared()).put("within_expectation",
                    was == null || now == null ? null : within(e.expectation(), was, now)));
            deltas.add(delta);
        }
        return deltas;
    }

    private static boolean within(RowCountExpectation expectation, long was, long now) {
        return expectation.allows(was == 0 ? (now == 0 ? 1.0 : Double.POSITIVE_INFINITY) : (double) now / was);
    }

    static JsonObject describe(CheckResult result) {
        return new JsonObject().put("check", result.check()).put("status", result.status().name().toLowerCase())
                .put("severity", result.severity() == null ? null : result.severity().name().toLowerCase())
                .put("issue", result.issue() == null ? null : result.issue().name().toLowerCase())
                .put("summary", result.summary());
    }
}
