package dev.warden.checks;

import java.util.Objects;

/**
 * An intended change declared before it runs (a data migration that deletes old rows): the table may
 * end up between {@code minRatio} and {@code maxRatio} times its reference count (baseline snapshot,
 * else previous cycle). Inside the bounds the row-count check records that it honoured the
 * expectation; beyond them it is a breach as usual.
 *
 * @param table schema-qualified ({@code public.orders}); a bare name means {@code public}
 */
public record RowCountExpectation(String table, double minRatio, double maxRatio) {
    public RowCountExpectation {
        Objects.requireNonNull(table, "table");
        table = table.contains(".") ? table : "public." + table;
        if (minRatio < 0 || maxRatio < minRatio) {
            throw new IllegalArgumentException("expected 0 <= minRatio <= maxRatio, found " + minRatio + ".." + maxRatio);
        }
    }

    public boolean allows(double ratio) {
        return ratio >= minRatio && ratio <= maxRatio;
    }
}
