package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.rows.RowCountRequest;
import dev.warden.checks.rows.RowCounter;
import dev.warden.checks.rows.RowCounts;
import dev.warden.checks.rows.TableRowCount;
import dev.warden.config.IssueType;
import dev.warden.config.RowCountDriftConfig;
import dev.warden.config.Severity;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code row_count_drift}: critical tables losing rows beyond the limits, against the baseline
 * snapshot and the previous cycle (see {@link TableDrift}). A breach is DATA_CORRUPTION, CRITICAL.
 * When the context has no previous cycle, the counts this instance measured last time stand in.
 */
public final class RowCountDriftCheck extends BuiltInCheck {
    public static final String NAME = "row_count_drift";
    /** Measurement key prefix; the rest is the table ({@code drift_ratio:public.orders}). */
    public static final String DRIFT_RATIO = "drift_ratio:";

    private final RowCountRequest request;
    private final DropLimits limits;
    private volatile RowCounts lastCounts;

    public RowCountDriftCheck(RowCountDriftConfig config, List<String> criticalTables, Duration exactCountTimeout) {
        super(NAME);
        this.request = new RowCountRequest(criticalTables, exactCountTimeout).criticalTablesOnly();
        this.limits = new DropLimits(config.maxDropPercent(), config.maxDropRows());
    }

    @Override
    public Future<CheckResult> run(CheckContext context) {
        if (request.criticalTables().isEmpty()) {
            return Future.succeededFuture(CheckResult.ok(NAME, context.now(), "no critical tables to watch", Map.of()));
        }
        return RowCounter.count(context.pool(), request).map(now -> {
            RowCounts previous = context.baseline().previousRowCounts().orElse(lastCounts);
            lastCounts = now;
            return judge(context, now, previous);
        });
    }

    private CheckResult judge(CheckContext context, RowCounts now, RowCounts previous) {
        return verdict(context, now, previous).withMeasurements(driftRatios(context, now, previous));
    }

    /**
     * Per critical table, the relative change of its exact count against the baseline snapshot (else
     * the previous cycle): -0.4 is 40% fewer rows. Tables without both counts have no ratio.
     */
    private Map<String, Double> driftRatios(CheckContext context, RowCounts now, RowCounts previous) {
        Map<String, Double> ratios = new java.util.LinkedHashMap<>();
        for (String table : request.criticalTables()) {
            Optional<Long> rows = now.find(table).map(TableRowCount::exactRows);
            Optional<Long> reference = context.baseline().snapshotRowCounts().flatMap(c -> c.find(table))
                    .or(() -> Optional.ofNullable(previous).flatMap(c -> c.find(table)))
                    .map(TableRowCount::exactRows);
            if (rows.isPresent() && reference.isPresent() && reference.get() > 0) {
                ratios.put(DRIFT_RATIO + table, (rows.get() - reference.get()) / (double) reference.get());
            }
        }
        return ratios;
    }

    private CheckResult verdict(CheckContext context, RowCounts now, RowCounts previous) {
        List<TableDrift> tables = request.criticalTables().stream().map(table -> TableDrift.judge(table,
                now.find(table).orElseThrow(),
                context.baseline().snapshotRowCounts().flatMap(counts -> counts.find(table)),
                Optional.ofNullable(previous).flatMap(counts -> counts.find(table)),
                context.baseline().expectationFor(table), limits)).toList();
        Map<String, Object> evidence = Evidence.of("tables", tables.stream().map(TableDrift::evidence).toList(),
                "max_drop_percent", limits.maxDropPercent(),
                "max_drop_rows", limits.maxDropRows().isPresent() ? limits.maxDropRows().getAsLong() : null,
                "baseline", context.baseline().snapshotRowCounts().isPresent(), "previous_cycle", previous != null);
        List<String> breaches = reasons(tables, TableDrift.Verdict.BREACH);
        if (!breaches.isEmpty()) {
            return CheckResult.breach(NAME, context.now(), IssueType.DATA_CORRUPTION, Severity.CRITICAL,
                    summarise(breaches), evidence);
        }
        List<String> skipped = reasons(tables, TableDrift.Verdict.SKIPPED);
        if (!skipped.isEmpty()) {
            return CheckResult.inconclusive(NAME, context.now(), summarise(skipped), evidence);
        }
        return CheckResult.ok(NAME, context.now(), tables.size() + " critical tables within limits", evidence);
    }

    private static List<String> reasons(List<TableDrift> tables, TableDrift.Verdict verdict) {
        return tables.stream().filter(t -> t.verdict() == verdict).flatMap(t -> t.reasons().stream()).toList();
    }

    private static String summarise(List<String> reasons) {
        return reasons.get(0) + (reasons.size() > 1 ? " (and " + (reasons.size() - 1) + " more)" : "");
    }
}
