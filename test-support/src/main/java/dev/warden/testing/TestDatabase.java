package dev.warden.testing;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** A fresh database on the shared test server, owned by one test class. */
public final class TestDatabase {
    private final PostgresServer server;
    private final PgAddress address;
    private final Sql sql;

    TestDatabase(PostgresServer server, PgAddress address) {
        this.server = server;
        this.address = address;
        this.sql = new Sql(address);
    }

    public String name() {
        return address.database();
    }

    public PgAddress address() {
        return address;
    }

    /** A {@code postgres://} URI with credentials, as a user would write it in Warden's config. */
    public String uri() {
        return address.uri();
    }

    /** Blocking SQL against this database, for arranging and asserting. */
    public Sql sql() {
        return sql;
    }

    /**
     * A pool opened the way Warden opens a target's: at most 2 connections,
     * {@code application_name=warden}, {@code statement_timeout=5s}, {@code lock_timeout=1s}.
     * The caller closes it.
     */
    public Pool wardenPool(Vertx vertx) {
        return address.wardenPool(vertx);
    }

    public PostgresServer server() {
        return server;
    }

    void drop() {
        server.dropDatabase(name());
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
