package dev.warden.daemon.cluster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Supplier;

/**
 * A target's pool on a cluster node: the target's verticle, checks and snapshots share this one
 * object, while the pool behind it exists only while it is used. Closing it (the verticle stops when
 * the node loses the target) closes the connections; the next use, when the target is gained again,
 * opens a fresh pool.
 */
public final class OwnedPool implements Pool {
    private final Supplier<Pool> opener;
    private Pool current;

    public OwnedPool(Supplier<Pool> opener) {
        this.opener = opener;
    }

    private synchronized Pool pool() {
        if (current == null) {
            current = opener.get();
        }
        return current;
    }

    /** Whether connections may be open now: a pool exists. */
    public synchronized boolean isOpen() {
        return current != null;
    }

    @Override
    public Future<SqlConnection> getConnection() {
        return pool().getConnection();
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return pool().query(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return pool().preparedQuery(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return pool().preparedQuery(sql, options);
    }

    @Override
    public int size() {
        Pool pool;
        synchronized (this) {
            pool = current;
        }
        return pool == null ? 0 : pool.size();
    }

    @Override
    public Future<Void> close() {
        Pool closing;
        synchronized (this) {
            closing = current;
            current = null;
        }
        return closing == null ? Future.succeededFuture() : closing.close();
    }
}
