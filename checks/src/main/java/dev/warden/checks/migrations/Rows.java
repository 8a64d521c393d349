package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Row-mapping helpers shared by the adapters. Every adapter selects its time columns as
 * {@code column::timestamptz}: tools that store {@code timestamp without time zone} (Flyway, Liquibase)
 * wrote the writer's local time, which PostgreSQL then reads in the session's TimeZone: the server's
 * default for Warden's sessions, the best guess available.
 */
final class Rows {
    private Rows() {
    }

    /** {@code SELECT columns FROM "schema"."table" [WHERE filter] ORDER BY order LIMIT $1}. */
    static String newestFirst(CatalogTable table, String columns, String filter, String order) {
        return "SELECT " + columns + " FROM " + table.qualifiedName()
                + (filter == null ? "" : " WHERE " + filter)
                + " ORDER BY " + order + " LIMIT $1";
    }

    /** Runs a bounded query whose only parameter is the row limit. */
    static Future<RowSet<Row>> select(SqlClient client, String sql, int limit) {
        return client.preparedQuery(sql).execute(Tuple.of(limit));
    }

    /** Runs a bounded query (its only parameter is the row limit) and maps every row. */
    static <T> Future<List<T>> query(SqlClient client, String sql, int limit, Function<Row, T> mapper) {
        return select(client, sql, limit).map(rows -> map(rows, mapper));
    }

    static <T> List<T> map(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            T value = mapper.apply(row);
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    /**
     * Maps rows to records, and records that are still running to evidence of it: what the tools whose
     * history rows can say "started, not finished" (Prisma, Atlas, pgroll) need.
     */
    static HistoryReading reading(RowSet<Row> rows, Function<Row, MigrationRecord> toRecord,
                                  BiFunction<Row, MigrationRecord, RunningMigration> whileRunning) {
        List<MigrationRecord> records = new ArrayList<>(rows.size());
        List<RunningMigration> running = new ArrayList<>();
        for (Row row : rows) {
            MigrationRecord record = toRecord.apply(row);
            records.add(record);
            if (record.state() == MigrationState.RUNNING) {
                running.add(whileRunning.apply(row, record));
            }
        }
        return new HistoryReading(records, running);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static Duration millis(Row row, String column) {
        Long value = row.getLong(column);
        return value == null ? null : Duration.ofMillis(value);
    }

    static Duration between(Instant start, Instant end) {
        return start == null || end == null ? null : Duration.between(start, end);
    }

    static boolean isTrue(Row row, String column) {
        return Boolean.TRUE.equals(row.getBoolean(column));
    }
}
