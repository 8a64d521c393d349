package dev.warden.checks.schema;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a column's type change widens it: every value of the old type is a value of the new one,
 * unchanged, so every reader and writer of the old type keeps working. Types are compared as
 * {@code format_type} renders them. varchar widening is a catalog-only change; smallint to integer to
 * bigint rewrites the table under an AccessExclusiveLock, which lock_waits and migration_duration
 * watch while it runs, but once done nothing was lost. Anything else (a narrower length or precision,
 * another type family, int to text) narrows or rewrites.
 */
final class TypeWidening {
    private static final List<String> INTEGERS = List.of("smallint", "integer", "bigint");
    private static final List<String> UNBOUNDED_TEXT = List.of("character varying", "text");
    private static final Pattern VARCHAR = Pattern.compile("character varying\\((\\d+)\\)");
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");

    private TypeWidening() {
    }

    static boolean widens(String from, String to) {
        if (from.equals(to)) {
            return true;
        }
        int fromInteger = INTEGERS.indexOf(from);
        int toInteger = INTEGERS.indexOf(to);
        if (fromInteger >= 0) {
            return toInteger > fromInteger || to.equals("numeric");
        }
        if (from.equals("real")) {
            return to.equals("double precision");
        }
        Matcher varchar = VARCHAR.matcher(from);
        if (varchar.matches() || UNBOUNDED_TEXT.contains(from)) {
            if (UNBOUNDED_TEXT.contains(to)) {
                return true;
            }
            Matcher longer = VARCHAR.matcher(to);
            return varchar.matches() && longer.matches()
                    && Long.parseLong(longer.group(1)) > Long.parseLong(varchar.group(1));
        }
        Matcher numeric = NUMERIC.matcher(from);
        if (numeric.matches()) {
            if (to.equals("numeric")) {
                return true;
            }
            Matcher wider = NUMERIC.matcher(to);
            return wider.matches() && wider.group(2).equals(numeric.group(2))
                    && Integer.parseInt(wider.group(1)) > Integer.parseInt(numeric.group(1));
        }
        return false;
    }
}
