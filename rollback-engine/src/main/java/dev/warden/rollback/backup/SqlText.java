package dev.warden.rollback.backup;

/** Quoting for the few statements that cannot take parameters (CREATE DATABASE, COMMENT, count(*)). */
public final class SqlText {
    private SqlText() {
    }

    /** A quoted identifier: {@code my "db"} becomes {@code "my ""db"""}. */
    public static String identifier(String name) {
        rejectNul(name);
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** An escape-string literal, correct whatever {@code standard_conforming_strings} says. */
    public static String literal(String text) {
        rejectNul(text);
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static void rejectNul(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL character cannot appear in SQL text");
        }
    }
}
