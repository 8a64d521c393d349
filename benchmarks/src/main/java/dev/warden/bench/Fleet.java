package dev.warden.bench;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The fleet's databases: a template with a few tables with rows and a Flyway history, cloned N times
 * ({@code fleet_001} ...), the monitoring roles each Warden connects as ({@code pg_monitor}, SELECT on
 * the tables), and a state database per Warden (owned by the superuser, so that the roles' statements
 * are the targets' only).
 */
final class Fleet {
    private static final String TEMPLATE = "fleet_template";
    private static final String SCHEMA = """
            CREATE SCHEMA app;
            CREATE TABLE app.customers (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL);
            CREATE TABLE app.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES app.customers,
                total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            CREATE SEQUENCE app.invoice_numbers;
            INSERT INTO app.customers SELECT g, 'customer ' || g, 'c' || g || '@example.com' FROM generate_series(1, 1000) g;
            INSERT INTO app.orders SELECT g, 1 + g % 1000, (g % 1000) / 10.0 FROM generate_series(1, 5000) g;
            CREATE INDEX ON app.orders (customer_id);
            CREATE TABLE public.flyway_schema_history (installed_rank int NOT NULL, version varchar(50),
                description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL,
                checksum int, installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),
                execution_time int NOT NULL, success boolean NOT NULL,
                CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank));
            INSERT INTO public.flyway_schema_history VALUES
                (1, '1', 'customers', 'SQL', 'V1__customers.sql', 11, 'app', now() - interval '1 day', 40, true),
                (2, '2', 'orders', 'SQL', 'V2__orders.sql', 12, 'app', now() - interval '1 day', 55, true);
            """;

    private Fleet() {
    }

    static void create(EmbeddedServer server, int targets, List<String> roles, List<String> stateDatabases) {
        Sql postgres = new Sql(server.address("postgres"));
        postgres.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        for (String role : roles) {
            postgres.execute("CREATE ROLE " + role + " LOGIN; GRANT pg_monitor TO " + role);
        }
        postgres.execute("CREATE DATABASE " + TEMPLATE);
        Sql template = new Sql(server.address(TEMPLATE));
        template.execute(SCHEMA);
        template.execute("VACUUM (ANALYZE)");
        for (String role : roles) {
            template.execute("GRANT USAGE ON SCHEMA app TO " + role + "; GRANT SELECT ON ALL TABLES IN SCHEMA app, public TO "
                    + role + "; GRANT SELECT ON ALL SEQUENCES IN SCHEMA app TO " + role);
        }
        for (int i = 1; i <= targets; i++) {
            postgres.execute("CREATE DATABASE " + name(i) + " TEMPLATE " + TEMPLATE);
        }
        for (String state : stateDatabases) {
            postgres.execute("CREATE DATABASE " + state);
        }
    }

    static String name(int i) {
        return "fleet_%03d".formatted(i);
    }

    /**
     * A daemon's configuration: lock_waits, migration_duration and schema_drift at {@code interval}; the
     * catalog validations (invalid_indexes, not_valid_constraints, lagging_sequences) at {@code interval}
     * too when {@code everyCheck}, else at their defaults (1 min, 1 min, 5 min); corruption and
     * snapshots off.
     */
    static String config(EmbeddedServer server, String role, String stateDatabase, int targets, int port, Path home,
                         Duration interval, boolean everyCheck) {
        PgAddress state = server.address(stateDatabase);
        return """
                server: {host: 127.0.0.1, port: %d, data_dir: "%s"}
                state: {url: "%s"}
                targets:
                """.formatted(port, home, state.uri()) + targets(server, role, "", targets, interval, everyCheck);
    }

    /**
     * The {@code targets:} entries for databases 1 to {@code targets} of {@code server} (the checks as
     * {@link #config} says), each named {@code prefix} + its database's name, so that several servers'
     * fleets can share one configuration.
     */
    static String targets(EmbeddedServer server, String role, String prefix, int targets, Duration interval,
                          boolean everyCheck) {
        StringBuilder yaml = new StringBuilder();
        String every = interval.toSeconds() + "s";
        String validations = everyCheck ? """
                          invalid_indexes: {schedule: %s}
                          not_valid_constraints: {schedule: %s}
                          lagging_sequences: {schedule: %s}
                    """.formatted(every, every, every) : "";
        for (int i = 1; i <= targets; i++) {
            PgAddress superuser = server.address(name(i));
            PgAddress target = new PgAddress(superuser.host(), superuser.port(), role, "", name(i));
            yaml.append("""
                      - name: %s
                        url: "%s"
                        snapshots: {schedule: "off"}
                        checks:
                          lock_waits: {schedule: %s}
                          migration_duration: {schedule: %s}
                          schema_drift: {schedule: %s}
                          corruption: {enabled: false}
                    """.formatted(prefix + name(i), target.uri(), every, every, every)).append(validations);
        }
        return yaml.toString();
    }
}
