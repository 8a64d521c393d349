package dev.warden.bench;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import java.util.List;

/**
 * The database the checks benchmark watches, on a server that records statements: the many-table
 * catalog of {@link ManyTables}, three critical tables with rows, a Flyway history (what most targets
 * have, so migration_duration reads one), and the roles each side connects as, so that
 * pg_stat_statements tells their costs apart. Both roles are monitoring roles ({@code pg_monitor}),
 * not superusers, as their operators would set them up.
 */
final class WatchedDatabase {
    static final String DATABASE = "bench";
    static final String WARDEN_ROLE = "warden";
    static final List<String> CRITICAL_TABLES = List.of("app.customers", "app.orders", "app.payments");

    private static final String CRITICAL = """
            CREATE TABLE app.customers (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL);
            CREATE TABLE app.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES app.customers,
                total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE app.payments (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES app.orders,
                amount numeric(12,2) NOT NULL, paid_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO app.customers SELECT g, 'customer ' || g, 'c' || g || '@example.com' FROM generate_series(1, 10000) g;
            INSERT INTO app.orders SELECT g, 1 + g % 10000, (g % 1000) / 10.0 FROM generate_series(1, 100000) g;
            INSERT INTO app.payments SELECT g, g, (g % 1000) / 10.0 FROM generate_series(1, 100000) g;
            CREATE INDEX ON app.orders (customer_id);
            CREATE INDEX ON app.payments (order_id);
            """;

    // Flyway's own table definition for PostgreSQL, with three applied migrations from yesterday.
    private static final String FLYWAY = """
            CREATE TABLE public.flyway_schema_history (installed_rank int NOT NULL, version varchar(50),
                description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL,
                checksum int, installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),
                execution_time int NOT NULL, success boolean NOT NULL,
                CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank));
            CREATE INDEX flyway_schema_history_s_idx ON public.flyway_schema_history (success);
            INSERT INTO public.flyway_schema_history VALUES
                (1, '1', 'customers', 'SQL', 'V1__customers.sql', 11, 'app', now() - interval '1 day', 40, true),
                (2, '2', 'orders', 'SQL', 'V2__orders.sql', 12, 'app', now() - interval '1 day', 55, true),
                (3, '3', 'payments', 'SQL', 'V3__payments.sql', 13, 'app', now() - interval '1 day', 61, true);
            """;

    private WatchedDatabase() {
    }

    /**
     * Preloads pg_stat_statements (a restart: the fixture keeps data and port), then creates the
     * database, its tables and the roles; returns the superuser's address of the database.
     */
    static PgAddress create(EmbeddedServer server, int tables, List<String> roles) {
        Sql postgres = new Sql(server.address("postgres"));
        postgres.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
        server.stop();
        server.start();
        // The module's own settings exist only once it is loaded.
        postgres.execute("ALTER SYSTEM SET pg_stat_statements.track_planning = on");
        postgres.execute("SELECT pg_reload_conf()");
        postgres.execute("CREATE DATABASE " + DATABASE);
        PgAddress address = server.address(DATABASE);
        Sql bench = new Sql(address);
        bench.execute("CREATE EXTENSION pg_stat_statements");
        ManyTables.create(bench, tables);
        bench.execute(CRITICAL);
        bench.execute(FLYWAY);
        bench.execute("VACUUM (ANALYZE) app.customers, app.orders, app.payments, public.flyway_schema_history");
        for (String role : roles) {
            bench.execute("CREATE ROLE " + role + " LOGIN; GRANT pg_monitor TO " + role);
        }
        bench.execute("GRANT USAGE ON SCHEMA app TO " + WARDEN_ROLE + "; GRANT SELECT ON "
                + String.join(", ", CRITICAL_TABLES) + ", public.flyway_schema_history TO " + WARDEN_ROLE);
        return address;
    }

    /** The target's YAML: the critical tables, corruption off, one cheap canary, no scheduled snapshots. */
    static String targetYaml(PgAddress warden) {
        return """
                - name: bench
                  url: "%s"
                  critical_tables: [%s]
                  snapshots: {schedule: "off"}
                  checks:
                    corruption: {enabled: false}
                    canary_queries:
                      queries:
                        - {name: customer_lookup, sql: "SELECT name FROM app.customers WHERE id = 4242", expected_value: "customer 4242"}
                """.formatted(warden.uri(), String.join(", ", CRITICAL_TABLES));
    }
}
