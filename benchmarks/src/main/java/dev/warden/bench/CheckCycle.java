package dev.warden.bench;

import dev.warden.checks.Baseline;
import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckRunner;
import dev.warden.checks.ExpectedSchema;
import dev.warden.checks.ScheduledCheck;
import dev.warden.checks.builtin.BuiltInChecks;
import dev.warden.checks.rows.RowCountRequest;
import dev.warden.checks.rows.RowCounter;
import dev.warden.checks.rows.RowCounts;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.checks.schema.SchemaReader;
import dev.warden.config.TargetConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A target's production checks ({@link BuiltInChecks#forTarget}), run once each side by side through
 * {@link CheckRunner} with their configured timeouts, the way the daemon's {@code runAll} does, against
 * a baseline taken once the way a snapshot takes it: the critical tables' counts and the schema
 * fingerprint. The same check instances serve every cycle, so checks that remember their last run do.
 */
final class CheckCycle {
    private final List<ScheduledCheck> checks;
    private final CheckContext context;
    private final Map<String, Timings> perCheck = new LinkedHashMap<>();

    private CheckCycle(List<ScheduledCheck> checks, CheckContext context) {
        this.checks = checks;
        this.context = context;
        checks.forEach(c -> perCheck.put(c.check().name(), new Timings()));
    }

    /** Builds the checks and takes the baseline (blocking: call from the benchmark's thread). */
    static CheckCycle prepare(Vertx vertx, Pool pool, TargetConfig target) {
        RowCounts counts = RowCounter.count(pool, new RowCountRequest(target.criticalTables(),
                target.snapshots().exactCountTimeout())).await();
        SchemaFingerprint schema = SchemaReader.read(pool, new SchemaFilter(target.snapshots().includeSchemas(),
                target.snapshots().excludeSchemas())).await();
        Clock clock = Clock.systemUTC();
        Baseline baseline = Baseline.none().withSnapshotRowCounts(counts)
                .withExpectedSchema(new ExpectedSchema(schema, clock.instant()));
        return new CheckCycle(BuiltInChecks.forTarget(target), new CheckContext(target.name(), pool, vertx, clock, baseline));
    }

    List<String> names() {
        return List.copyOf(perCheck.keySet());
    }

    /** Every check once, side by side; returns the results, records each check's wall time. */
    List<CheckResult> runAll() {
        List<Future<CheckResult>> runs = checks.stream().map(this::timed).toList();
        Future.all(runs).await();
        return runs.stream().map(Future::result).toList();
    }

    /** One check alone; not recorded in {@link #perCheck()}. */
    CheckResult runOne(String name) {
        ScheduledCheck check = checks.stream().filter(c -> c.check().name().equals(name)).findFirst().orElseThrow();
        return CheckRunner.run(check.check(), context, check.timeout()).await();
    }

    /** Wall time of each check inside the cycles run so far (side by side, so they overlap). */
    Map<String, Timings> perCheck() {
        return perCheck;
    }

    private Future<CheckResult> timed(ScheduledCheck check) {
        long start = System.nanoTime();
        return CheckRunner.run(check.check(), context, check.timeout())
                .onSuccess(result -> perCheck.get(check.check().name()).add(System.nanoTime() - start));
    }
}
