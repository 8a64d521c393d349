package dev.warden.checks.builtin;

import java.util.OptionalLong;

/** When a loss of rows is too much: beyond a percentage of the reference count, or an absolute number. */
record DropLimits(int maxDropPercent, OptionalLong maxDropRows) {

    /** Whether losing {@code lost} rows out of {@code reference} goes beyond a limit. */
    boolean exceeded(long reference, long lost) {
        if (lost <= 0) {
            return false;
        }
        boolean beyondPercent = reference <= 0 || lost * 100.0 / reference > maxDropPercent;
        boolean beyondRows = maxDropRows.isPresent() && lost > maxDropRows.getAsLong();
        return beyondPercent || beyondRows;
    }

    static double percent(long reference, long lost) {
        return reference <= 0 ? 100.0 : Math.round(lost * 1000.0 / reference) / 10.0;
    }
}
