package dev.warden.daemon.embedded;

import dev.warden.config.ConnectionSpec;
import dev.warden.config.SessionConfig;
import dev.warden.postgres.Connections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A small shop database for the embedded default: something real to watch on first run, with
 * amcheck installed so that every check can answer.
 */
public final class DemoDatabase {
    public static final String NAME = "demo";
    public static final String[] CRITICAL_TABLES = {"public.customers", "public.orders"};
    /** Beside the server's data directory: the demo database's OID once it was prepared. */
    static final String PREPARED = "demo-database-oid";

    private static final SessionConfig SESSION = new SessionConfig(1, Duration.ofSeconds(60), Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1), SessionConfig.UNBOUNDED);
    private static final String TABLES = """
            CREATE EXTENSION IF NOT EXISTS amcheck;
            CREATE TABLE IF NOT EXISTS customers (
                id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                email      text NOT NULL UNIQUE,
                created_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE IF NOT EXISTS orders (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                customer_id bigint NOT NULL REFERENCES customers (id),
                status      varchar(20) NOT NULL DEFAULT 'placed',
                total       numeric(10, 2) NOT NULL CHECK (total >= 0),
                placed_at   timestamptz NOT NULL DEFAULT now());
            CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);
            CREATE TABLE IF NOT EXISTS order_items (
                order_id bigint NOT NULL REFERENCES orders (id),
                sku      text NOT NULL,
                quantity integer NOT NULL CHECK (quantity > 0),
                PRIMARY KEY (order_id, sku))""";
    private static final String ROWS = """
            INSERT INTO customers (email) SELECT 'customer' || i || '@example.com' FROM generate_series(1, 200) i;
            INSERT INTO orders (customer_id, total) SELECT 1 + i % 200, (i % 97) + 0.99 FROM generate_series(1, 1000) i;
            INSERT INTO order_items (order_id, sku, quantity)
                SELECT o.id, 'sku-' || s, 1 + (o.id + s) % 3 FROM orders o, generate_series(1, 3) s;
            ANALYZE""";

    private DemoDatabase() {
    }

    /**
     * Whether an earlier {@link #ensure} prepared the demo database on the server kept in {@code serverDirectory}
     * and it is still there: the database's directory, named by the OID remembered then, exists, and the
     * note is newer than the data directory's creation (a note left from a data directory since made anew
     * does not count). A database dropped, or dropped and created again (another OID), reads as not
     * prepared: a second start opens no connection for it, and any other start makes it as before.
     */
    public static boolean isPrepared(Path serverDirectory) {
        Path data = serverDirectory.resolve("data");
        Path note = serverDirectory.resolve(PREPARED);
        try {
            String oid = Files.readString(note).strip();
            return !oid.isEmpty() && oid.chars().allMatch(Character::isDigit)
                    && Files.isDirectory(data.resolve("base").resolve(oid))
                    && Files.getLastModifiedTime(note).compareTo(Files.getLastModifiedTime(data.resolve("PG_VERSION"))) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Creates the demo database and its rows unless they are there already, then remembers the database's
     * OID under {@code serverDirectory} for {@link #isPrepared}.
     */
    public static Future<Void> ensure(Vertx vertx, ConnectionSpec server, Path serverDirectory) {
        return ensure(vertx, server).compose(oid -> vertx.executeBlocking(() -> {
            Path written = Files.createTempFile(serverDirectory, PREPARED, ".tmp");
            Files.writeString(written, oid + "\n");
            Files.move(written, serverDirectory.resolve(PREPARED), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return null;
        }));
    }

    /** Creates the demo database and its rows unless they are there already; the database's OID. */
    private static Future<Long> ensure(Vertx vertx, ConnectionSpec server) {
        return connect(vertx, server.withDatabase("postgres"))
                .compose(admin -> admin.preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1").execute(Tuple.of(NAME))
                        .compose(rows -> rows.size() > 0 ? Future.succeededFuture()
                                : admin.query("CREATE DATABASE " + NAME).execute().mapEmpty())
                        .eventually(admin::close))
                .compose(v -> connect(vertx, server.withDatabase(NAME)))
                .compose(demo -> demo.query(TABLES).execute()
                        .compose(v -> demo.query("SELECT count(*) AS n FROM customers").execute())
                        .compose(rows -> rows.iterator().next().getLong("n") > 0 ? Future.succeededFuture()
                                : fill(demo))
                        .compose(v -> demo.query("SELECT oid::bigint AS oid FROM pg_database WHERE datname = current_database()").execute())
                        .map(rows -> rows.iterator().next().getLong("oid"))
                        .eventually(demo::close));
    }

    private static Future<?> fill(SqlConnection demo) {
        return demo.query(ROWS).execute();
    }

    private static Future<PgConnection> connect(Vertx vertx, ConnectionSpec spec) {
        return Connections.connect(vertx, Connections.options(spec, SESSION));
    }
}
