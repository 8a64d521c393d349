package dev.warden.daemon.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Columns aligned to their widest cell, for a person at a terminal: each column as wide as its
 * widest value, two spaces between, the last column unpadded. Null cells show as "-".
 */
final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, found " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : String.valueOf(c)).toList());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The header line and one line per row, each ending in a newline. */
    String render() {
        int[] widths = new int[headers.size()];
        for (List<String> line : lines()) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> line : lines()) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                row.append(i == widths.length - 1 ? line.get(i) : pad(line.get(i), widths[i]) + "  ");
            }
            text.append(row.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    private List<List<String>> lines() {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        return all;
    }

    private static String pad(String cell, int width) {
        return cell + " ".repeat(width - cell.length());
    }
}
