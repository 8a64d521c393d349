package dev.warden.checks.builtin;

import dev.warden.checks.RowCountExpectation;
import dev.warden.checks.rows.CountStatus;
import dev.warden.checks.rows.TableRowCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges one critical table: its exact count now against the baseline snapshot's and the previous
 * cycle's exact counts, and its delete counter against the previous cycle's. A table that could not
 * be counted now (locked, timed out) is skipped, never a breach. With a declared expectation, the
 * ratio to the reference count (baseline, else previous) is judged against its bounds instead, and
 * the delete counter is left alone: the expectation covers the deletes.
 */
record TableDrift(String table, Verdict verdict, List<String> reasons, Map<String, Object> evidence) {
    enum Verdict { OK, BREACH, SKIPPED }

    static TableDrift judge(String table, TableRowCount now, Optional<TableRowCount> baseline,
                            Optional<TableRowCount> previous, Optional<RowCountExpectation> expectation,
                            DropLimits limits) {
        Long baseRows = baseline.map(TableDrift::exact).orElse(null);
        Long prevRows = previous.map(TableDrift::exact).orElse(null);
        if (now.status() == CountStatus.SKIPPED_LOCKED || now.status() == CountStatus.TIMED_OUT) {
            return new TableDrift(table, Verdict.SKIPPED, List.of(table + " not counted: " + now.detail()),
                    Evidence.of("table", table, "status", now.status().name(), "detail", now.detail()));
        }
        Long reference = baseRows != null ? baseRows : prevRows;
        if (now.status() == CountStatus.MISSING && reference == null) {
            return new TableDrift(table, Verdict.SKIPPED, List.of(table + " does not exist"),
                    Evidence.of("table", table, "status", "MISSING"));
        }
        long rows = now.status() == CountStatus.COUNTED ? now.exactRows() : 0;
        Map<String, Object> evidence = Evidence.of("table", table, "status", now.status().name(), "rows", rows,
                "baseline_rows", baseRows, "previous_rows", prevRows);
        List<String> reasons = new ArrayList<>();
        if (expectation.isPresent()) {
            judgeExpectation(table, rows, reference, expectation.get(), evidence, reasons);
        } else {
            judgeDrop(table, "since the baseline snapshot", baseRows, rows, limits, reasons);
            judgeDrop(table, "since the previous cycle", prevRows, rows, limits, reasons);
            previous.ifPresent(prev -> judgeDeletes(table, prev, now, prevRows, limits, evidence, reasons));
        }
        return new TableDrift(table, reasons.isEmpty() ? Verdict.OK : Verdict.BREACH, reasons, evidence);
    }

    private static void judgeDrop(String table, String since, Long reference, long rows, DropLimits limits,
                                  List<String> reasons) {
        if (reference != null && limits.exceeded(reference, reference - rows)) {
            long lost = reference - rows;
            reasons.add(table + " lost " + lost + " rows (" + DropLimits.percent(reference, lost) + "%) " + since
                    + ": " + reference + " -> " + rows);
        }
    }

    /** The counter is cumulative; a smaller value means the statistics were reset, which says nothing. */
    private static void judgeDeletes(String table, TableRowCount prev, TableRowCount now, Long prevRows,
                                     DropLimits limits, Map<String, Object> evidence, List<String> reasons) {
        long deleted = now.deleted() - prev.deleted();
        if (deleted < 0 || now.status() == CountStatus.MISSING) {
            return;
        }
        long size = prevRows != null ? prevRows : prev.estimatedRows();
        evidence.put("deleted_since_previous", deleted);
        if (limits.exceeded(size, deleted)) {
            reasons.add(table + ": " + deleted + " rows deleted since the previous cycle ("
                    + DropLimits.percent(size, deleted) + "% of " + size + ")");
        }
    }

    private static void judgeExpectation(String table, long rows, Long reference, RowCountExpectation expectation,
                                         Map<String, Object> evidence, List<String> reasons) {
        evidence.put("expectation", Evidence.of("min_ratio", expectation.minRatio(), "max_ratio", expectation.maxRatio()));
        if (reference == null) {
            evidence.put("expectation_honoured", "no reference count to compare with");
            return;
        }
        double ratio = reference == 0 ? (rows == 0 ? 1.0 : Double.POSITIVE_INFINITY) : (double) rows / reference;
        evidence.put("ratio", Math.round(ratio * 1000) / 1000.0);
        if (expectation.allows(ratio)) {
            evidence.put("expectation_honoured", true);
        } else {
            reasons.add(table + " is at " + Math.round(ratio * 1000) / 10.0 + "% of its reference count (" + reference
                    + " -> " + rows + "), outside the declared expectation " + expectation.minRatio() + ".."
                    + expectation.maxRatio());
        }
    }

    private static Long exact(TableRowCount count) {
        return count.status() == CountStatus.COUNTED ? count.exactRows() : null;
    }
}
