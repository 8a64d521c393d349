package dev.warden.rollback.down;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Just enough of PostgreSQL's lexer to cut a migration script into statements and read their
 * words: comments ({@code --}, nested block comments), string constants ({@code '...'},
 * {@code E'...'}), quoted identifiers and dollar quotes are skipped as units, so that a {@code ;} or a
 * keyword inside them counts for nothing.
 */
final class SqlLexer {
    enum Kind { WORD, QUOTED, STRING, SYMBOL }

    /**
     * @param text a WORD lower-cased (how PostgreSQL folds it), a QUOTED identifier's name, else the source text
     */
    record Token(Kind kind, String text, int start, int end) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equals(word);
        }

        boolean isSymbol(char c) {
            return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
        }
    }

    private SqlLexer() {
    }

    static List<Token> tokens(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = blockCommentEnd(sql, i);
            } else if (c == '\'') {
                int end = quotedEnd(sql, i, '\'', false);
                out.add(new Token(Kind.STRING, sql.substring(i, end), i, end));
                i = end;
            } else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                int end = quotedEnd(sql, i + 1, '\'', true);
                out.add(new Token(Kind.STRING, sql.substring(i, end), i, end));
                i = end;
            } else if (c == '"') {
                int end = quotedEnd(sql, i, '"', false);
                out.add(new Token(Kind.QUOTED, sql.substring(i + 1, end - 1).replace("\"\"", "\""), i, end));
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                int end = close < 0 ? n : close + tag.length();
                out.add(new Token(Kind.STRING, sql.substring(i, end), i, end));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
                out.add(new Token(Kind.WORD, sql.substring(i, end).toLowerCase(Locale.ROOT), i, end));
                i = end;
            } else {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return out;
    }

    private static int blockCommentEnd(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length() - 1) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** The index after the closing quote; a doubled quote is part of the text, as is a backslash escape in E''. */
    private static int quotedEnd(String sql, int open, char quote, boolean backslashes) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashes && c == '\\') {
                i += 2;
            } else if (c == quote && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** {@code $tag$} or {@code $$} starting at {@code i}, or null (a positional parameter such as {@code $1}). */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j >= sql.length() || sql.charAt(j) != '$') {
            return null;
        }
        String tag = sql.substring(i, j + 1);
        return tag.length() > 2 && Character.isDigit(tag.charAt(1)) ? null : tag;
    }
}
