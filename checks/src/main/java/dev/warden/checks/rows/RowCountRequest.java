package dev.warden.checks.rows;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to count: every user table is estimated; {@code criticalTables} ({@code schema.table}; a
 * name without a schema means {@code public}) are also counted exactly, each within
 * {@code exactCountTimeout}. With {@code criticalOnly}, the other tables are left out altogether.
 */
public record RowCountRequest(List<String> criticalTables, Duration exactCountTimeout, boolean criticalOnly) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    public RowCountRequest {
        criticalTables = criticalTables.stream().map(RowCountRequest::qualify).distinct().toList();
        Objects.requireNonNull(exactCountTimeout, "exactCountTimeout");
        if (exactCountTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("exactCountTimeout: expecting at least 1ms. Found: " + exactCountTimeout);
        }
    }

    public RowCountRequest(List<String> criticalTables, Duration exactCountTimeout) {
        this(criticalTables, exactCountTimeout, false);
    }

    /**
     * The same request, but estimating only the critical tables: what a check that judges them alone
     * needs, without reading the statistics of every table in a large catalog.
     */
    public RowCountRequest criticalTablesOnly() {
        return new RowCountRequest(criticalTables, exactCountTimeout, true);
    }

    /** Estimates only. */
    public static RowCountRequest estimatesOnly() {
        return new RowCountRequest(List.of(), DEFAULT_TIMEOUT);
    }

    public static RowCountRequest critical(String... tables) {
        return new RowCountRequest(List.of(tables), DEFAULT_TIMEOUT);
    }

    public RowCountRequest withTimeout(Duration timeout) {
        return new RowCountRequest(criticalTables, timeout, criticalOnly);
    }

    private static String qualify(String table) {
        return table.contains(".") ? table : "public." + table;
    }
}
