package dev.warden.daemon.embedded;

import dev.warden.postgres.Connections;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The demo's bad migration, run by {@code warden demo break} as the command of a {@code warden
 * migrate}: it "archives" four orders in five by deleting them, the kind of mistake Warden exists
 * to catch. It connects the way any migration tool would, through libpq's PG* variables.
 */
public final class BadMigration {
    static final String SQL = """
            DELETE FROM order_items WHERE order_id % 5 <> 0;
            DELETE FROM orders WHERE id % 5 <> 0""";

    private BadMigration() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            System.out.println("bad migration: deleting 4 orders in 5 from " + System.getenv("PGDATABASE"));
            Connections.withConnection(vertx, PgConnectOptions.fromEnv(), demo -> demo.query(SQL).execute())
                    .toCompletionStage().toCompletableFuture().get(Duration.ofMinutes(1).toSeconds(), TimeUnit.SECONDS);
            System.out.println("bad migration: done");
        } finally {
            vertx.close();
        }
    }
}
