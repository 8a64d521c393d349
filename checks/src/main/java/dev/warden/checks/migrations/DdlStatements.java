package dev.warden.checks.migrations;

import java.util.regex.Pattern;

/** Tells whether a statement's text is schema-changing DDL (what a migration runs), comments aside. */
public final class DdlStatements {
    private static final Pattern LEADING_NOISE = Pattern.compile("^(?:\\s+|--[^\\n]*(?:\\n|$)|/\\*.*?\\*/)+", Pattern.DOTALL);
    private static final Pattern DDL = Pattern.compile(
            "^(?:ALTER|CREATE|DROP|TRUNCATE|REINDEX|CLUSTER|COMMENT\\s+ON|GRANT|REVOKE|LOCK|REFRESH\\s+MATERIALIZED"
                    + "|VACUUM\\s+(?:\\(\\s*)?FULL)\\b",
            Pattern.CASE_INSENSITIVE);

    private DdlStatements() {
    }

    public static boolean isDdl(String statement) {
        if (statement == null) {
            return false;
        }
        String text = LEADING_NOISE.matcher(statement).replaceFirst("");
        return DDL.matcher(text).lookingAt();
    }
}
