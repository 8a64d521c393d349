package dev.warden.rollback.down;

import dev.warden.rollback.down.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A down script as Warden runs it: inside its own single transaction. A script wrapped in
 * {@code BEGIN; ... COMMIT;} (common with golang-migrate, which runs files as they are) is unwrapped;
 * any other transaction control, or a statement that cannot run in a transaction block
 * ({@code CONCURRENTLY}, VACUUM, CREATE DATABASE...), makes the script unusable: running it would
 * commit half of the rollback or fail it.
 *
 * @param body       the text to run
 * @param statements the statements of the body, as tokens
 * @param problems   why the script cannot run in one transaction; empty when it can
 */
record SqlScript(String body, List<List<Token>> statements, List<String> problems) {
    private static final Set<String> TRANSACTION_CONTROL = Set.of("begin", "start", "commit", "end", "rollback",
            "abort");
    private static final Set<String> OUTSIDE_TRANSACTION = Set.of("vacuum", "database", "tablespace", "system",
            "concurrently");

    static SqlScript parse(String text) {
        List<List<Token>> statements = split(SqlLexer.tokens(text));
        String body = text;
        if (statements.size() >= 2 && opens(statements.get(0)) && closes(statements.get(statements.size() - 1))) {
            List<Token> last = statements.get(statements.size() - 1);
            body = text.substring(end(statements.get(0)), last.get(0).start());
            statements = statements.subList(1, statements.size() - 1);
        }
        List<String> problems = new ArrayList<>();
        for (List<Token> statement : statements) {
            String first = statement.get(0).text();
            if (statement.get(0).kind() == SqlLexer.Kind.WORD && TRANSACTION_CONTROL.contains(first)) {
                problems.add("it controls the transaction itself (" + first.toUpperCase() + ")");
            }
            if (first.equals("vacuum") || first.equals("alter") && statement.size() > 1 && statement.get(1).is("system")
                    || (first.equals("create") || first.equals("drop")) && statement.size() > 1
                    && OUTSIDE_TRANSACTION.contains(statement.get(1).text())
                    || statement.stream().anyMatch(t -> t.is("concurrently"))) {
                problems.add("a statement cannot run inside a transaction block (" + preview(statement) + ")");
            }
        }
        return new SqlScript(body, List.copyOf(statements), List.copyOf(problems));
    }

    private static List<List<Token>> split(List<Token> tokens) {
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token token : tokens) {
            current.add(token);
            if (token.isSymbol(';')) {
                if (current.size() > 1) {
                    statements.add(List.copyOf(current));
                }
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            statements.add(List.copyOf(current));
        }
        return statements;
    }

    private static boolean opens(List<Token> statement) {
        Token first = statement.get(0);
        return first.is("begin") || first.is("start") && statement.size() > 1 && statement.get(1).is("transaction");
    }

    private static boolean closes(List<Token> statement) {
        return statement.get(0).is("commit") || statement.get(0).is("end");
    }

    private static int end(List<Token> statement) {
        return statement.get(statement.size() - 1).end();
    }

    private static String preview(List<Token> statement) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(4, statement.size()); i++) {
            out.append(i == 0 ? "" : " ").append(statement.get(i).text());
        }
        return out.toString().toUpperCase();
    }
}
