package dev.warden.checks.builtin;

import java.util.Map;
import java.util.Set;

/**
 * How one canary query went. {@code relations} are the relations it locked when it last ran (so the
 * next run can skip it while a migration locks one of them).
 */
record CanaryOutcome(String name, Kind kind, String detail, Long latencyMs, Set<Long> relations) {
    enum Kind {
        OK,
        /** The query failed with an error of its own (not a connection or timeout problem). */
        ERROR,
        /** It answered, but not the expected rows or value. */
        WRONG_RESULT,
        /** It answered (or was cancelled by statement_timeout) after its latency budget. */
        SLOW,
        /** It did not run, or Warden's access failed: no verdict. */
        SKIPPED
    }

    CanaryOutcome {
        relations = Set.copyOf(relations);
    }

    static CanaryOutcome skipped(String name, String detail) {
        return new CanaryOutcome(name, Kind.SKIPPED, detail, null, Set.of());
    }

    Map<String, Object> toEvidence() {
        return Evidence.of("name", name, "outcome", kind.name(), "detail", detail, "latency_ms", latencyMs);
    }
}
