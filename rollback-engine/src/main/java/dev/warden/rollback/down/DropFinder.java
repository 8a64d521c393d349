package dev.warden.rollback.down;

import dev.warden.rollback.down.SqlLexer.Kind;
import dev.warden.rollback.down.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The data a down script drops, read from its statements: {@code ALTER TABLE ... DROP [COLUMN] c}
 * (each comma-separated action) and {@code DROP TABLE a, b}. Names are kept the way PostgreSQL
 * would resolve them ({@link Drop#regclass()}), so that the counting query finds the same relation
 * the script would drop.
 */
final class DropFinder {
    /** What may follow DROP in ALTER TABLE without being a column. */
    private static final Set<String> NOT_A_COLUMN = Set.of("constraint", "default", "not", "identity", "expression");

    /**
     * @param schema null when the script names the table without one (the search_path decides)
     * @param column null when the whole table is dropped
     */
    record Drop(String schema, String table, String column) {
        /** The relation as text for {@code to_regclass}: quoted parts. */
        String regclass() {
            return (schema == null ? "" : quote(schema) + ".") + quote(table);
        }

        private static String quote(String name) {
            return '"' + name.replace("\"", "\"\"") + '"';
        }
    }

    private DropFinder() {
    }

    static List<Drop> find(List<List<Token>> statements) {
        List<Drop> drops = new ArrayList<>();
        for (List<Token> s : statements) {
            if (s.size() > 2 && s.get(0).is("alter") && s.get(1).is("table")) {
                alterTable(s, drops);
            } else if (s.size() > 2 && s.get(0).is("drop") && s.get(1).is("table")) {
                dropTable(s, drops);
            }
        }
        return drops;
    }

    private static void alterTable(List<Token> s, List<Drop> drops) {
        int i = skip(s, 2, "if", "exists");
        i = skip(s, i, "only");
        String[] name = new String[2];
        i = name(s, i, name);
        if (i < 0) {
            return;
        }
        if (i < s.size() && s.get(i).isSymbol('*')) {
            i++;
        }
        int depth = 0;
        boolean actionStart = true;
        for (; i < s.size(); i++) {
            Token t = s.get(i);
            if (t.isSymbol('(')) {
                depth++;
            } else if (t.isSymbol(')')) {
                depth--;
            } else if (depth == 0 && t.isSymbol(',')) {
                actionStart = true;
                continue;
            } else if (actionStart && t.is("drop")) {
                int c = skip(s, i + 1, "column");
                c = skip(s, c, "if", "exists");
                boolean keyword = c == i + 1 && s.get(c).kind() == Kind.WORD && NOT_A_COLUMN.contains(s.get(c).text());
                if (c < s.size() && identifier(s.get(c)) && !keyword) {
                    drops.add(new Drop(name[0], name[1], s.get(c).text()));
                }
            }
            actionStart = false;
        }
    }

    private static void dropTable(List<Token> s, List<Drop> drops) {
        int i = skip(s, 2, "if", "exists");
        while (i < s.size()) {
            String[] name = new String[2];
            i = name(s, i, name);
            if (i < 0) {
                return;
            }
            drops.add(new Drop(name[0], name[1], null));
            if (i < s.size() && s.get(i).isSymbol(',')) {
                i++;
            } else {
                return;
            }
        }
    }

    /** Reads {@code [schema.]table} at {@code i} into {@code out}; the index after it, or -1. */
    private static int name(List<Token> s, int i, String[] out) {
        if (i >= s.size() || !identifier(s.get(i))) {
            return -1;
        }
        if (i + 2 < s.size() && s.get(i + 1).isSymbol('.') && identifier(s.get(i + 2))) {
            out[0] = s.get(i).text();
            out[1] = s.get(i + 2).text();
            return i + 3;
        }
        out[1] = s.get(i).text();
        return i + 1;
    }

    /** The index after the words {@code words} if they are at {@code i}, else {@code i}. */
    private static int skip(List<Token> s, int i, String... words) {
        for (int k = 0; k < words.length; k++) {
            if (i + k >= s.size() || !s.get(i + k).is(words[k])) {
                return i;
            }
        }
        return i + words.length;
    }

    private static boolean identifier(Token t) {
        return t.kind() == Kind.WORD || t.kind() == Kind.QUOTED;
    }
}
