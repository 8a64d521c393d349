package dev.warden.rollback.swap;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.TableCounts;
import dev.warden.rollback.backup.Verification;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges a restore against the backup it came from: each counted table's exact rows against the
 * backup's count (a clone has them; a dump has none, then only the table's presence is judged), and
 * the restore's user tables against the backup's. Anything that could not be compared (a table not
 * counted, a table list that cannot be read) fails the verification: a rollback is never called
 * successful on a guess.
 */
final class RestoreComparison {
    private RestoreComparison() {
    }

    /** The tables to count: the critical ones ({@code schema.table}; no schema means public) and every table the backup counted. */
    static List<String> tablesToCount(List<String> criticalTables, Backup backup) {
        Set<String> tables = new LinkedHashSet<>();
        criticalTables.forEach(table -> tables.add(table.contains(".") ? table : "public." + table));
        tables.addAll(backup.rowCounts().keySet());
        return List.copyOf(tables);
    }

    /**
     * @param counted        the tables that were counted in the restore (see {@link #tablesToCount})
     * @param restored       their exact counts in the restore
     * @param restoredTables the restore's user tables
     * @param backupTables   the backup's user tables, empty when its kind cannot list them
     */
    static Verification compare(Backup backup, List<String> counted, TableCounts restored, Set<String> restoredTables,
                                Optional<Set<String>> backupTables) {
        List<String> evidence = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String table : counted) {
            Long expected = backup.rowCounts().get(table);
            Long rows = restored.rows().get(table);
            boolean inBackup = expected != null || backupTables.map(t -> t.contains(table)).orElse(false);
            if (rows != null && expected != null && rows.equals(expected)) {
                evidence.add("verified: " + table + " " + rows + " = " + expected + " in backup");
            } else if (rows != null && expected != null) {
                problems.add("mismatch: " + table + " " + rows + " restored, " + expected + " in backup");
            } else if (rows != null) {
                evidence.add("restored: " + table + " " + rows + " rows; the " + backup.kind()
                        + " backup holds no count to compare");
            } else if (!restoredTables.contains(table) && backupTables.isPresent() && !inBackup) {
                evidence.add("verified: " + table + " is in neither the backup nor the restore");
            } else if (!restoredTables.contains(table)) {
                problems.add("missing: " + table + " is not in the restore");
            } else {
                problems.add("not verified: " + table + " could not be counted (" + restored.skipped().get(table) + ")");
            }
        }
        compareTables(backup, restoredTables, backupTables, evidence, problems);
        List<String> all = new ArrayList<>(evidence);
        all.addAll(problems);
        if (problems.isEmpty()) {
            return Verification.passed("the restore matches backup " + backup.id(), all);
        }
        return Verification.failed("the restore does not match backup " + backup.id() + " (" + String.join("; ", problems)
                + ")", all);
    }

    private static void compareTables(Backup backup, Set<String> restoredTables, Optional<Set<String>> backupTables,
                                      List<String> evidence, List<String> problems) {
        if (backupTables.isEmpty()) {
            problems.add("not verified: the tables of a " + backup.kind() + " backup cannot be listed");
            return;
        }
        Set<String> missing = new TreeSet<>(backupTables.get());
        missing.removeAll(restoredTables);
        Set<String> extra = new TreeSet<>(restoredTables);
        extra.removeAll(backupTables.get());
        if (missing.isEmpty() && extra.isEmpty()) {
            evidence.add("verified: the " + restoredTables.size() + " user tables are the backup's");
            return;
        }
        problems.add("tables differ from the backup:" + (missing.isEmpty() ? "" : " not restored " + missing)
                + (extra.isEmpty() ? "" : " not in the backup " + extra));
    }
}
