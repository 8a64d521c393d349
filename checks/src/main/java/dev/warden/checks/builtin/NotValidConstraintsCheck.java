package dev.warden.checks.builtin;

import dev.warden.checks.schema.SchemaFilter;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import io.vertx.sqlclient.Row;

/**
 * {@code not_valid_constraints}: table constraints (foreign keys, checks, NOT NULL on PostgreSQL 18)
 * added {@code NOT VALID} and never validated ({@code pg_constraint.convalidated} false): new rows are
 * checked, the rows already there never were. Catalog only; a constraint inherited from a partitioned
 * table's is left to its parent's. A constraint on a table a migration locks (or, for a foreign key,
 * whose referenced table it locks) is skipped, its definition not even deparsed. A breach is
 * DATA_CORRUPTION, LOW: the data's integrity is unproven, not known broken, and {@code NOT VALID} is
 * the first half of the safe way to add a constraint; the repair is
 * {@code ALTER TABLE ... VALIDATE CONSTRAINT ...}, never a rollback (the default matrix acts on
 * data_corruption only when critical).
 */
public final class NotValidConstraintsCheck extends CatalogValidation {
    public static final String NAME = "not_valid_constraints";

    private static final String SQL = ValidationScope.WITH + """
            SELECT c.conname AS constraint_name, format('%I.%I', s.nspname, t.relname) AS table_name,
                   format('%s on %I.%I', c.conname, s.nspname, t.relname) AS object,
                   format('ALTER TABLE %I.%I VALIDATE CONSTRAINT %I', s.nspname, t.relname, c.conname) AS repair,
                   CASE c.contype WHEN 'f' THEN 'foreign key' WHEN 'c' THEN 'check' WHEN 'n' THEN 'not null'
                                  ELSE c.contype::text END AS kind,
                   CASE WHEN c.contype = 'f' THEN c.confrelid::regclass::text END AS referenced_table,
                   k.locked_by,
                   CASE WHEN k.locked_by IS NULL THEN pg_catalog.pg_get_constraintdef(c.oid) END AS definition
              FROM pg_catalog.pg_constraint c
              JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
              JOIN scope s ON s.oid = t.relnamespace
              CROSS JOIN LATERAL (SELECT string_agg(x.holders, ', ') AS locked_by FROM exclusive x
                                   WHERE x.oid IN (c.conrelid, c.confrelid)) k
             WHERE NOT c.convalidated AND c.conrelid <> 0 AND c.conparentid = 0 AND t.relpersistence <> 't'
             ORDER BY 2, 1
             LIMIT 1000
            """;

    public NotValidConstraintsCheck(SchemaFilter filter) {
        super(NAME, SQL, filter, IssueType.DATA_CORRUPTION, Severity.LOW, "no NOT VALID constraint");
    }

    @Override
    ValidationScope.Finding finding(Row row) {
        String object = row.getString("object");
        String repair = row.getString("repair");
        String summary = row.getString("kind") + " constraint " + object + " is NOT VALID (the rows already there"
                + " were never checked against it): " + repair;
        return new ValidationScope.Finding(summary, Evidence.of("constraint", row.getString("constraint_name"),
                "table", row.getString("table_name"), "kind", row.getString("kind"),
                "referenced_table", row.getString("referenced_table"), "definition", row.getString("definition"),
                "repair", repair));
    }
}
