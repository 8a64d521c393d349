package dev.warden.bench;

import dev.warden.postgres.Connections;
import dev.warden.rollback.engine.PgJournal;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * A state database holding the rollback journal, created the way the daemon creates it (the engine's
 * DDL resource), with a pool of 2 connections like the daemon's state store and a {@link PgJournal} on it.
 */
record JournalDatabase(Sql sql, Pool pool, PgJournal journal) implements AutoCloseable {

    /** Creates {@code database} on the server of {@code server} and the journal's tables in it. */
    static JournalDatabase create(Vertx vertx, PgAddress server, String database, Clock clock) {
        new Sql(server.withDatabase("postgres")).execute("CREATE DATABASE " + database);
        PgAddress address = server.withDatabase(database);
        Sql sql = new Sql(address);
        sql.execute(PgJournal.ddl());
        Pool pool = Connections.pool(vertx, address.connectOptions(), 2);
        return new JournalDatabase(sql, pool, new PgJournal(pool, clock));
    }

    @Override
    public void close() {
        pool.close().await();
    }
}
