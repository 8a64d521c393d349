package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A post-migration validation read from the catalog alone, in one query ({@link ValidationScope#WITH}
 * first) returning one row per object found wanting, with {@code object} (its name) and
 * {@code locked_by} (null unless a migration locks it: it is then skipped).
 */
abstract class CatalogValidation extends BuiltInCheck {
    private final String sql;
    private final SchemaFilter filter;
    private final IssueType issue;
    private final Severity severity;
    private final String okSummary;

    CatalogValidation(String name, String sql, SchemaFilter filter, IssueType issue, Severity severity, String okSummary) {
        super(name);
        this.sql = sql;
        this.filter = filter;
        this.issue = issue;
        this.severity = severity;
        this.okSummary = okSummary;
    }

    /** Why an unlocked row is not judged this time, or null. */
    String notJudged(Row row) {
        return null;
    }

    abstract ValidationScope.Finding finding(Row row);

    @Override
    public final Future<CheckResult> run(CheckContext context) {
        return context.pool().preparedQuery(sql).execute(ValidationScope.schemas(filter)).map(rows -> {
            List<ValidationScope.Finding> found = new ArrayList<>();
            List<Map<String, Object>> skipped = new ArrayList<>();
            for (Row row : rows) {
                String why = row.getString("locked_by") != null ? row.getString("locked_by") : notJudged(row);
                if (why != null) {
                    skipped.add(ValidationScope.skipped(row.getString("object"), why));
                } else {
                    found.add(finding(row));
                }
            }
            return ValidationScope.verdict(name(), context.now(), issue, severity, okSummary, false, found, skipped,
                    Map.of());
        });
    }
}
