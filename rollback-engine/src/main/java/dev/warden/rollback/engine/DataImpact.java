package dev.warden.rollback.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a plan does to data, shown before it runs. For a swap: per counted table, the rows the
 * backup holds and the rows there are now; the tables created since the backup; and notes that
 * say where set-aside data stays (nothing is dropped) and what could not be counted.
 *
 * For a down migration: the tables and columns its scripts drop, with how much data they hold.
 *
 * @param tables         exact counts of the critical tables, in the backup and now
 * @param tablesSetAside tables that exist now but not in the backup: a swap leaves them behind
 * @param dropped        tables and columns the rollback drops in place, with the data they hold now
 * @param notes          everything else a human should read before approving
 */
public record DataImpact(List<TableChange> tables, List<String> tablesSetAside, List<Dropped> dropped,
                         List<String> notes) {

    public DataImpact {
        tables = List.copyOf(tables);
        tablesSetAside = List.copyOf(tablesSetAside);
        dropped = List.copyOf(dropped);
        notes = List.copyOf(notes);
    }

    /** An impact that drops nothing. */
    public DataImpact(List<TableChange> tables, List<String> tablesSetAside, List<String> notes) {
        this(tables, tablesSetAside, List.of(), notes);
    }

    /** An impact that touches no rows, with notes. */
    public static DataImpact none(String... notes) {
        return new DataImpact(List.of(), List.of(), List.of(notes));
    }

    /** Values lost in place, per {@code schema.table} or {@code schema.table.column}, where known and positive. */
    public Map<String, Long> valuesDropped() {
        Map<String, Long> out = new LinkedHashMap<>();
        dropped.stream().filter(d -> d.values() != null && d.values() > 0)
                .forEach(d -> out.put(d.column() == null ? d.table() : d.table() + "." + d.column(), d.values()));
        return out;
    }

    /**
     * Rows written since the backup that a swap sets aside (they stay in the replaced database), per
     * table where positive: now minus backup. A net figure: updates and rows deleted and re-inserted
     * do not show in it.
     */
    public Map<String, Long> rowsSetAside() {
        Map<String, Long> out = new LinkedHashMap<>();
        tables.stream().filter(t -> t.rowsSetAside() > 0).forEach(t -> out.put(t.table(), t.rowsSetAside()));
        return out;
    }

    /** Rows the backup has and the table lacks now (deleted since), per table where positive. */
    public Map<String, Long> rowsBroughtBack() {
        Map<String, Long> out = new LinkedHashMap<>();
        tables.stream().filter(t -> t.rowsBroughtBack() > 0).forEach(t -> out.put(t.table(), t.rowsBroughtBack()));
        return out;
    }

    /**
     * One table's exact counts.
     *
     * @param rowsInBackup its rows in the backup, or null when the backup has no count for it
     * @param rowsNow      its rows now, or null when it could not be counted (locked, timed out, missing)
     */
    public record TableChange(String table, Long rowsInBackup, Long rowsNow) {

        public long rowsSetAside() {
            return rowsInBackup == null || rowsNow == null ? 0 : Math.max(0, rowsNow - rowsInBackup);
        }

        public long rowsBroughtBack() {
            return rowsInBackup == null || rowsNow == null ? 0 : Math.max(0, rowsInBackup - rowsNow);
        }
    }

    /**
     * A table or a column that a rollback drops in place.
     *
     * @param table  {@code schema.table}
     * @param column the column, or null when the whole table is dropped
     * @param values the table's rows, or the column's non-null values, now; null when not counted
     *               (locked by a migration, timed out, missing): the notes say why
     */
    public record Dropped(String table, String column, Long values) {
    }
}
