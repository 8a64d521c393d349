package dev.warden.checks.builtin;

import dev.warden.checks.CheckResult;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the post-migration validation checks ({@code invalid_indexes}, {@code not_valid_constraints},
 * {@code lagging_sequences}) share: the schemas they read ({@link SchemaFilter}, as {@code $1} and
 * {@code $2}) and who holds or awaits an AccessExclusiveLock on which relation ({@code exclusive}).
 * An object whose relations a migration locks is skipped and reported as skipped, never waited on.
 * A check breaches on what it found; with nothing found it is OK, or inconclusive when everything it
 * would have judged was skipped.
 */
final class ValidationScope {
    /** The {@code scope} (namespaces) and {@code exclusive} (relation, holders) common table expressions. */
    static final String WITH = """
            WITH scope AS (
                SELECT ns.oid, ns.nspname FROM pg_catalog.pg_namespace ns
                 WHERE left(ns.nspname, 3) <> 'pg_' AND ns.nspname NOT IN ('information_schema', 'warden')
                   AND (cardinality($1::text[]) = 0 OR ns.nspname = ANY ($1::text[]))
                   AND NOT ns.nspname = ANY ($2::text[])
            ), exclusive AS (
                SELECT lk.relation AS oid, string_agg('AccessExclusiveLock '
                       || CASE WHEN lk.granted THEN 'held' ELSE 'awaited' END || ' by pid ' || lk.pid, ', '
                       ORDER BY lk.granted DESC, lk.pid) AS holders
                  FROM pg_catalog.pg_locks lk
                 WHERE lk.locktype = 'relation' AND lk.mode = 'AccessExclusiveLock'
                   AND lk.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
                 GROUP BY lk.relation
            )
            """;
    /** Objects listed in evidence at most; the counts still say how many there were. */
    static final int MAX_LISTED = 50;

    private ValidationScope() {
    }

    static Tuple schemas(SchemaFilter filter) {
        return Tuple.tuple().addArrayOfString(filter.includeSchemas().toArray(String[]::new))
                .addArrayOfString(filter.excludeSchemas().toArray(String[]::new));
    }

    /** One object found wanting: a line for people (what, and the repair) and its evidence. */
    record Finding(String summary, Map<String, Object> evidence) {
    }

    /**
     * The verdict: a breach naming the first finding (and how many more); else OK, or inconclusive when
     * {@code nothingJudged} because everything there was to judge was skipped. {@code more} adds evidence.
     */
    static CheckResult verdict(String check, Instant at, IssueType issue, Severity severity, String okSummary,
                               boolean nothingJudged, List<Finding> found, List<Map<String, Object>> skipped,
                               Map<String, Object> more) {
        Map<String, Object> evidence = new LinkedHashMap<>(more);
        evidence.putAll(Evidence.of("found", found.size(),
                "objects", found.stream().limit(MAX_LISTED).map(Finding::evidence).toList(),
                "skipped_count", skipped.size(), "skipped", skipped.stream().limit(MAX_LISTED).toList()));
        if (!found.isEmpty()) {
            return CheckResult.breach(check, at, issue, severity, found.get(0).summary()
                    + (found.size() > 1 ? " (and " + (found.size() - 1) + " more)" : ""), evidence);
        }
        String skippedNote = skipped.isEmpty() ? "" : "; " + skipped.size() + " skipped, first " + skipped.get(0).get("object")
                + ": " + skipped.get(0).get("reason");
        if (nothingJudged && !skipped.isEmpty()) {
            return CheckResult.inconclusive(check, at, "nothing could be judged" + skippedNote, evidence);
        }
        return CheckResult.ok(check, at, okSummary + skippedNote, evidence);
    }

    static Map<String, Object> skipped(String object, String reason) {
        return Evidence.of("object", object, "reason", reason);
    }
}
