package dev.warden.checks.migrations;

import java.util.regex.Pattern;

/** Makes another session's statement text safe to report: no password literal survives. */
public final class StatementPreview {
    /** {@code PASSWORD 'x'} in CREATE/ALTER ROLE and USER MAPPING options, even when cut short by truncation. */
    private static final Pattern PASSWORD_LITERAL =
            Pattern.compile("(?i)(\\bpassword\\s*(?:=\\s*)?)(?:E?'(?:[^']|'')*(?:'|$)|\\$\\w*\\$.*?(?:\\$\\w*\\$|$))",
                    Pattern.DOTALL);

    private StatementPreview() {
    }

    public static String redact(String statement) {
        return statement == null ? null : PASSWORD_LITERAL.matcher(statement).replaceAll("$1'***'");
    }
}
