package dev.warden.bench.quality;

import static dev.warden.bench.quality.Step.batches;
import static dev.warden.bench.quality.Step.failing;
import static dev.warden.bench.quality.Step.flyway;
import static dev.warden.bench.quality.Step.lockPileup;
import static dev.warden.bench.quality.Step.pgbench;
import static dev.warden.bench.quality.Step.restartServer;
import static dev.warden.bench.quality.Step.sleep;
import static dev.warden.bench.quality.Step.sql;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The suite. Every scenario starts from a fresh copy of {@link #SHOP}: customers (1,000), orders
 * (10,000, critical like customers) and an audit log (5,000), with the two canaries an application
 * would run ({@code order_lookup} reads an order's columns, {@code order_total} calls a function).
 * Issue names are the decision matrix's; a BAD scenario lists the issues that count as catching it.
 */
public final class Scenarios {
    /** The shop every scenario starts from (the template database). */
    static final List<String> SHOP = List.of("""
            CREATE SCHEMA app;
            CREATE TABLE app.customers (id bigint PRIMARY KEY, name text NOT NULL, email text,
                country text NOT NULL DEFAULT 'DE');
            CREATE TABLE app.orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES app.customers,
                status text NOT NULL, total numeric(12,2) NOT NULL, note text,
                created_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE app.audit_log (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), what text NOT NULL);
            INSERT INTO app.customers SELECT g, 'Customer ' || g, 'c' || g || '@example.com',
                (ARRAY['DE','FR','US','BR'])[1 + g % 4] FROM generate_series(1, 1000) g;
            INSERT INTO app.orders (customer_id, status, total, note)
                SELECT 1 + g % 1000, (ARRAY['new','paid','shipped','delivered'])[1 + g % 4], 1 + g % 500,
                       CASE WHEN g % 10 = 0 THEN 'gift' END FROM generate_series(1, 10000) g;
            INSERT INTO app.audit_log (what) SELECT 'event ' || g FROM generate_series(1, 5000) g;
            CREATE FUNCTION app.order_total(p_id bigint) RETURNS numeric LANGUAGE sql STABLE
                AS 'SELECT total FROM app.orders WHERE id = p_id';
            """, "ANALYZE");

    static final List<String> CRITICAL_TABLES = List.of("app.orders", "app.customers");

    /** The canaries, as the YAML flow list of {@code checks.canary_queries.queries}. */
    static final String CANARIES = "[{name: order_lookup, sql: \"SELECT id, customer_id, status, total, note FROM app.orders"
            + " WHERE id = 1\", expected_rows: 1}, {name: order_total, sql: \"SELECT app.order_total(1)\", expected_rows: 1}]";

    private static final Set<String> DATA = Set.of("data_corruption");
    private static final Set<String> SCHEMA = Set.of("schema_mismatch");
    private static final Set<String> SCHEMA_OR_QUERIES = Set.of("schema_mismatch", "query_errors");
    /** What issue 11's validation checks will call these is theirs to say; either is the right kind of alarm. */
    private static final Set<String> SCHEMA_OR_DATA = Set.of("schema_mismatch", "data_corruption");
    private static final Step FLYWAY_V1 = flyway(Map.of("V1__settings.sql",
            "CREATE TABLE app.settings (key text PRIMARY KEY, value text);"));

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
                // Bad: each must be decided on, with one of its issues.
                Scenario.bad("delete_40pct_orders", DATA, sql("DELETE FROM app.orders WHERE id % 5 IN (1, 2)")),
                Scenario.bad("truncate_orders", DATA, sql("TRUNCATE app.orders")),
                Scenario.bad("drop_column_with_data", SCHEMA, sql("ALTER TABLE app.customers DROP COLUMN country")),
                Scenario.bad("drop_table", SCHEMA, sql("DROP TABLE app.audit_log")),
                Scenario.bad("rename_column", SCHEMA_OR_QUERIES, sql("ALTER TABLE app.orders RENAME COLUMN note TO remark")),
                Scenario.bad("narrow_type", SCHEMA, sql("ALTER TABLE app.customers ALTER COLUMN name TYPE varchar(40)")),
                Scenario.bad("set_not_null", SCHEMA, sql("ALTER TABLE app.customers ALTER COLUMN email SET NOT NULL")),
                Scenario.bad("lock_pileup_over_critical", Set.of("performance_degradation"),
                        lockPileup("app.orders", "ALTER TABLE app.orders ADD COLUMN pileup int", 3, Duration.ofSeconds(14))),
                Scenario.bad("canary_starts_failing", Set.of("query_errors"), sql("""
                        CREATE OR REPLACE FUNCTION app.order_total(p_id bigint) RETURNS numeric LANGUAGE plpgsql STABLE
                            AS $$BEGIN RAISE EXCEPTION 'prices moved to another service'; END$$""")),
                Scenario.bad("invalid_index_left_by_failed_cic", SCHEMA,
                        failing("CREATE UNIQUE INDEX CONCURRENTLY orders_status_key ON app.orders (status)")),
                Scenario.bad("not_valid_constraint", SCHEMA_OR_DATA,
                        sql("ALTER TABLE app.orders ADD CONSTRAINT orders_note_short CHECK (length(note) < 3) NOT VALID")),
                Scenario.bad("sequence_set_back", Set.of("query_errors"), sql("SELECT setval('app.orders_id_seq', 100)")),
                Scenario.bad("flyway_nontransactional_fails_at_third_statement", SCHEMA, FLYWAY_V1,
                        flyway(Map.of("V2__regions.sql", """
                                ALTER TABLE app.orders ADD COLUMN region text;
                                CREATE INDEX CONCURRENTLY orders_region ON app.orders (region);
                                ALTER TABLE app.orders ADD CONSTRAINT orders_region_fk FOREIGN KEY (region) REFERENCES app.regions (code);
                                """))),

                // Benign: none may be decided on.
                Scenario.benign("pgbench_load", pgbench("-i", "-s", "2", "-q"),
                        pgbench("-n", "-c", "4", "-j", "2", "-T", "12")).needing("pgbench"),
                Scenario.benign("vacuum_full_small_table", sql("VACUUM FULL app.customers")),
                Scenario.benign("analyze", sql("ANALYZE")),
                Scenario.benign("create_index_concurrently", sql("CREATE INDEX CONCURRENTLY orders_customer ON app.orders (customer_id)")),
                Scenario.benign("add_column_nullable", sql("ALTER TABLE app.orders ADD COLUMN coupon text")),
                Scenario.benign("add_column_with_default", sql("ALTER TABLE app.orders ADD COLUMN priority int NOT NULL DEFAULT 0")),
                Scenario.benign("batched_backfill", sql("ALTER TABLE app.orders ADD COLUMN total_cents bigint"),
                        batches("UPDATE app.orders SET total_cents = total * 100 WHERE id BETWEEN %d AND %d", 1, 10000, 1000,
                                Duration.ofMillis(300))),
                Scenario.benign("small_delete_1pct", sql("DELETE FROM app.orders WHERE id % 100 = 0")),
                Scenario.benign("inserts_grow_20pct", batches("""
                        INSERT INTO app.orders (customer_id, status, total)
                            SELECT 1 + g %% 1000, 'new', 10 FROM generate_series(%d, %d) g""", 1, 2000, 200, Duration.ofMillis(200))),
                Scenario.benign("target_restart", restartServer(Duration.ofSeconds(3))),
                Scenario.benign("flyway_adds_table", FLYWAY_V1, flyway(Map.of("V2__shipments.sql", """
                        CREATE TABLE app.shipments (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES app.orders,
                            shipped_at timestamptz);
                        """))),
                Scenario.benign("create_view", sql("""
                        CREATE VIEW app.revenue_by_country AS SELECT c.country, sum(o.total) AS revenue
                            FROM app.orders o JOIN app.customers c ON c.id = o.customer_id GROUP BY c.country""")),
                Scenario.benign("add_valid_foreign_key_table_and_work", Step.all(
                        sql("CREATE TABLE app.refunds (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES app.orders, amount numeric(12,2) NOT NULL)"),
                        sleep(Duration.ofSeconds(2)),
                        sql("INSERT INTO app.refunds (order_id, amount) SELECT id, total FROM app.orders WHERE id <= 50"))));
    }
}
