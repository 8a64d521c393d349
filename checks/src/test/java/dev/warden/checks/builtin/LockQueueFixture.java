package dev.warden.checks.builtin;

import static org.awaitility.Awaitility.await;

import dev.warden.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The classic migration pile-up on a table: a session holds a lock in an open transaction, an ALTER
 * TABLE waits for its AccessExclusiveLock, and plain SELECTs queue behind the ALTER.
 */
public final class LockQueueFixture implements AutoCloseable {
    private final TestDatabase database;
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final List<Connection> connections = new ArrayList<>();
    private final Connection holder;
    public final int holderPid;
    public final int alterPid;
    public final Future<?> alter;
    public final List<Future<?>> selects = new ArrayList<>();

    public LockQueueFixture(TestDatabase database, String table, int queuedSelects) throws SQLException {
        this.database = database;
        Connection holder = open();
        holderPid = pid(holder);
        holder.setAutoCommit(false);
        // The comment stands for a statement that happens to carry a secret: it must never be reported.
        holder.createStatement().execute("SELECT count(*) FROM " + table + " /* password 'hunter2' */");
        Connection migration = open();
        alterPid = pid(migration);
        alter = background.submit(() -> execute(migration, "ALTER TABLE " + table + " ADD COLUMN added_later text"));
        awaitWaiting(table, 1);
        for (int i = 0; i < queuedSelects; i++) {
            Connection reader = open();
            selects.add(background.submit(() -> execute(reader, "SELECT count(*) FROM " + table)));
        }
        awaitWaiting(table, 1 + queuedSelects);
        this.holder = holder;
    }

    /** Ends the holder's transaction: the ALTER runs (unless cancelled), then the SELECTs. */
    void release() throws SQLException {
        holder.rollback();
    }

    @Override
    public void close() throws Exception {
        release();
        for (Future<?> select : selects) {
            select.get(10, TimeUnit.SECONDS);
        }
        background.shutdownNow();
        for (Connection connection : connections) {
            connection.close();
        }
    }

    private void awaitWaiting(String table, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> database.sql().queryLong(
                "SELECT count(*) FROM pg_locks WHERE relation = '" + table + "'::regclass AND NOT granted") == count);
    }

    private Connection open() throws SQLException {
        Connection connection = database.sql().connect();
        connections.add(connection);
        return connection;
    }

    private static int pid(Connection connection) throws SQLException {
        try (var rows = connection.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Void execute(Connection connection, String sql) throws SQLException {
        connection.createStatement().execute(sql);
        return null;
    }
}
