package dev.warden.daemon.grafana;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The metric names a PromQL expression reads. A small lexer, not a parser: it skips string literals,
 * label matchers ({...}), ranges ([...]), numbers and durations, Grafana variables ($target,
 * ${target}, $__rate_interval), label lists after by/without/on/ignoring/group_left/group_right, and
 * keywords, aggregations and functions; every other identifier is a metric name. An identifier called
 * like a function that PromQL does not have, a __name__ matcher (a name this lexer cannot see) and
 * unbalanced brackets are errors, so nothing slips through unchecked.
 */
final class PromqlNames {
    private static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "acos", "acosh",
            "asin", "asinh", "atan", "atanh", "avg_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
            "cos", "cosh", "count_over_time", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "deg",
            "delta", "deriv", "exp", "floor", "histogram_count", "histogram_fraction", "histogram_quantile",
            "histogram_stddev", "histogram_stdvar", "histogram_sum", "holt_winters", "hour", "idelta", "increase",
            "irate", "label_join", "label_replace", "last_over_time", "ln", "log10", "log2", "mad_over_time",
            "max_over_time", "min_over_time", "minute", "month", "pi", "predict_linear", "present_over_time",
            "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn", "sin", "sinh", "sort",
            "sort_desc", "sqrt", "stddev_over_time", "stdvar_over_time", "sum_over_time", "tan", "tanh", "time",
            "timestamp", "vector", "year",
            // the @ modifier's start() and end()
            "start", "end");
    private static final Set<String> AGGREGATIONS = Set.of("sum", "avg", "min", "max", "count", "group", "stddev",
            "stdvar", "topk", "bottomk", "quantile", "count_values", "limitk", "limit_ratio");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "bool", "offset", "inf", "nan");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    private final String expr;
    private int at;

    private PromqlNames(String expr) {
        this.expr = expr;
    }

    /** @throws IllegalArgumentException when the expression calls an unknown function or is unbalanced */
    static Set<String> in(String expr) {
        return new PromqlNames(expr).scan();
    }

    private Set<String> scan() {
        Set<String> names = new LinkedHashSet<>();
        while (at < expr.length()) {
            char c = expr.charAt(at);
            if (c == '"' || c == '\'' || c == '`') {
                skipString(c);
            } else if (c == '{') {
                int start = at;
                skipTo('}');
                if (expr.substring(start, at).contains("__name__")) {
                    throw error("a __name__ matcher hides the metric name from this check", start);
                }
            } else if (c == '[') {
                skipTo(']');
            } else if (c == '#') {
                while (at < expr.length() && expr.charAt(at) != '\n') {
                    at++;
                }
            } else if (c == '$') {
                skipVariable();
            } else if (Character.isDigit(c) || c == '.') {
                while (at < expr.length() && (Character.isLetterOrDigit(expr.charAt(at)) || expr.charAt(at) == '.')) {
                    at++;
                }
            } else if (isIdentifierStart(c)) {
                identifier(names);
            } else if (c == '}' || c == ']') {
                throw error("unbalanced '" + c + "'", at);
            } else {
                at++;
            }
        }
        return names;
    }

    private void identifier(Set<String> names) {
        int start = at;
        while (at < expr.length() && isIdentifierPart(expr.charAt(at))) {
            at++;
        }
        String word = expr.substring(start, at);
        String lower = word.toLowerCase();
        boolean called = nextNonSpace() == '(';
        if (LABEL_LISTS.contains(lower)) {
            if (called) {
                skipSpaces();
                skipTo(')');
            }
        } else if (AGGREGATIONS.contains(lower) || KEYWORDS.contains(lower)) {
            return;
        } else if (called) {
            if (!FUNCTIONS.contains(word)) {
                throw error("unknown function " + word + "()", start);
            }
        } else {
            names.add(word);
        }
    }

    /** From an opening bracket at {@code at} to just after its closing one, strings inside skipped. */
    private void skipTo(char close) {
        char open = expr.charAt(at);
        int start = at++;
        int depth = 1;
        while (at < expr.length()) {
            char c = expr.charAt(at);
            if (c == '"' || c == '\'' || c == '`') {
                skipString(c);
                continue;
            }
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                at++;
                return;
            }
            at++;
        }
        throw error("unclosed '" + open + "'", start);
    }

    private void skipString(char quote) {
        int start = at++;
        while (at < expr.length()) {
            char c = expr.charAt(at);
            if (c == '\\' && quote != '`') {
                at += 2;
                continue;
            }
            at++;
            if (c == quote) {
                return;
            }
        }
        throw error("unclosed string", start);
    }

    private void skipVariable() {
        at++;
        if (at < expr.length() && expr.charAt(at) == '{') {
            skipTo('}');
            return;
        }
        while (at < expr.length() && isIdentifierPart(expr.charAt(at))) {
            at++;
        }
    }

    private char nextNonSpace() {
        int i = at;
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i < expr.length() ? expr.charAt(i) : 0;
    }

    private void skipSpaces() {
        while (at < expr.length() && Character.isWhitespace(expr.charAt(at))) {
            at++;
        }
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private IllegalArgumentException error(String what, int position) {
        return new IllegalArgumentException(what + " at offset " + position + " of: " + expr);
    }
}
