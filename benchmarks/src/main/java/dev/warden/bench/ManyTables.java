package dev.warden.bench;

import dev.warden.testing.Sql;

/**
 * Fills a database with many small tables (a primary key, three columns, one secondary index, a
 * few rows each), created server-side in DO blocks of {@value #BATCH} tables: one round trip and one
 * transaction per batch, few enough locks per transaction for the default lock table.
 */
final class ManyTables {
    static final int BATCH = 500;

    private static final String CREATE_BATCH = """
            DO $$
            BEGIN
                FOR i IN %d..%d LOOP
                    EXECUTE format('CREATE TABLE app.t_%%s (id bigint PRIMARY KEY, name text NOT NULL,
                                        created_at timestamptz NOT NULL DEFAULT now())', i);
                    EXECUTE format('CREATE INDEX t_%%s_name_idx ON app.t_%%s (name)', i, i);
                    EXECUTE format('INSERT INTO app.t_%%s (id, name) SELECT g, ''n'' || g FROM generate_series(1, %%s) g',
                                   i, i %% 50);
                END LOOP;
            END
            $$
            """;

    private ManyTables() {
    }

    static void create(Sql sql, int tables) {
        sql.execute("CREATE SCHEMA app");
        for (int first = 1; first <= tables; first += BATCH) {
            sql.execute(CREATE_BATCH.formatted(first, Math.min(tables, first + BATCH - 1)));
        }
        sql.execute("ANALYZE");
    }
}
