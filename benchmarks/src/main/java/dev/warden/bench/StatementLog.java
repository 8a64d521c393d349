package dev.warden.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements one role sent, from a server's csvlog with {@code log_statement = 'all'} for that
 * role: simple queries ("statement: ...") and extended-protocol executions ("execute NAME: ..." with
 * their parameters in the detail), parameters written into the text so that psql can replay them.
 */
final class StatementLog {
    private static final int USER = 1;
    private static final int DATABASE = 2;
    private static final int SEVERITY = 11;
    private static final int MESSAGE = 13;
    private static final int DETAIL = 14;
    private static final Pattern EXECUTE = Pattern.compile("execute [^:]*: (.*)", Pattern.DOTALL);
    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+) = (NULL|'(?:[^']++|'')*+')"); // possessive: a long value must not recurse
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<![\\w$])\\$(\\d+)(?!\\d)");

    record Statement(String database, String sql) {
    }

    private final Path file;
    private final String role;

    StatementLog(Path file, String role) {
        this.file = file;
        this.role = role;
    }

    long size() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /** The role's statements logged after {@code offset} bytes, in order. */
    List<Statement> since(long offset) throws IOException, InterruptedException {
        Thread.sleep(200); // the logging collector writes asynchronously: let it catch up with the process that ended
        byte[] bytes;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            bytes = new byte[(int) (in.length() - offset)];
            in.seek(offset);
            in.readFully(bytes);
        }
        List<Statement> statements = new ArrayList<>();
        for (List<String> record : parse(new String(bytes, StandardCharsets.UTF_8))) {
            if (record.size() <= DETAIL || !role.equals(record.get(USER)) || !"LOG".equals(record.get(SEVERITY))) {
                continue;
            }
            String message = record.get(MESSAGE);
            if (message.startsWith("statement: ")) {
                statements.add(new Statement(record.get(DATABASE), message.substring("statement: ".length())));
                continue;
            }
            Matcher execute = EXECUTE.matcher(message);
            if (execute.matches()) {
                statements.add(new Statement(record.get(DATABASE), withParameters(execute.group(1), record.get(DETAIL))));
            }
        }
        return statements;
    }

    /** A psql script running {@code statements} in order, connecting to each statement's database in turn. */
    static String psqlScript(List<Statement> statements, String firstDatabase) {
        StringBuilder script = new StringBuilder();
        String database = firstDatabase;
        for (Statement statement : statements) {
            if (!statement.database().equals(database)) {
                database = statement.database();
                script.append("\\c ").append(database).append('\n');
            }
            String sql = statement.sql().strip();
            // Several commands in one simple query run in one implicit transaction (SET LOCAL, LOCK TABLE);
            // psql sends them one by one, so they get an explicit one.
            boolean several = sql.replaceFirst(";\\s*$", "").contains(";");
            script.append(several ? "BEGIN;\n" + sql + "\n;\nCOMMIT" : sql).append("\n;\n");
        }
        return script.toString();
    }

    private static String withParameters(String sql, String detail) {
        Map<String, String> values = new HashMap<>();
        Matcher parameter = PARAMETER.matcher(detail == null ? "" : detail);
        while (parameter.find()) {
            values.put(parameter.group(1), parameter.group(2));
        }
        return PLACEHOLDER.matcher(sql).replaceAll(m -> Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
    }

    /** RFC 4180 records: fields separated by commas, quoted with doubled quotes inside, newlines allowed. */
    private static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        return records;
    }
}
