package dev.warden.rollback.strategy;

import dev.warden.rollback.engine.JournalFixture;
import dev.warden.rollback.engine.PgJournal;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * A PostgreSQL server of a test class's own, for strategies that rename and close databases (so that
 * no other test is disturbed), with the journal's state database {@code warden_state} on it.
 */
record StrategyServer(EmbeddedServer pg, Sql admin, Sql state, Vertx vertx, Pool statePool, PgJournal journal)
        implements AutoCloseable {

    /** @param name the server's folder under the build's test directory, made unique per test JVM */
    static StrategyServer start(String name, int major) {
        EmbeddedServer pg = EmbeddedServer.start(PostgresServer.workDirectory().resolve(name + "-"
                + ProcessHandle.current().pid()), major);
        Sql admin = new Sql(pg.address("postgres"));
        admin.execute("CREATE DATABASE warden_state");
        Sql state = new Sql(pg.address("warden_state"));
        JournalFixture.createTables(state);
        Vertx vertx = Vertx.vertx();
        Pool statePool = JournalFixture.pool(vertx, pg.address("warden_state"));
        return new StrategyServer(pg, admin, state, vertx, statePool, new PgJournal(statePool, Clock.systemUTC()));
    }

    /** Warden's session settings on a connection to {@code address}, as the daemon opens them. */
    static PgConnectOptions warden(PgAddress address) {
        return address.connectOptions().addProperty("application_name", "warden")
                .addProperty("statement_timeout", "5000").addProperty("lock_timeout", "1000");
    }

    @Override
    public void close() {
        statePool.close().await();
        vertx.close().await();
        pg.stop();
    }
}
