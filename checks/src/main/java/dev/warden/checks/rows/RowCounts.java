package dev.warden.checks.rows;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The counts of one cycle: every user table, then any missing critical table. */
public record RowCounts(List<TableRowCount> tables) {
    /** At most this many tables get per-table metric series from {@link #largest(int)}. */
    public static final int TOP_N_CAP = 50;

    public RowCounts {
        tables = List.copyOf(tables);
    }

    public Optional<TableRowCount> find(String qualifiedName) {
        return tables.stream().filter(table -> table.qualifiedName().equals(qualifiedName)).findFirst();
    }

    /** The largest tables by estimate, at most {@code min(n, TOP_N_CAP)}: bounded metric cardinality. */
    public List<TableRowCount> largest(int n) {
        return tables.stream()
                .filter(table -> table.status() != CountStatus.MISSING)
                .sorted(Comparator.comparingLong(TableRowCount::estimatedRows).reversed()
                        .thenComparing(TableRowCount::qualifiedName))
                .limit(Math.max(0, Math.min(n, TOP_N_CAP)))
                .toList();
    }
}
