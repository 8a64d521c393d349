package dev.warden.bench;

import dev.warden.testing.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application session that creates a temporary table every second (with a primary key and a
 * default, so that pg_class, pg_attribute, pg_attrdef, pg_index, pg_constraint, pg_type and pg_depend
 * all move) and drops the one before: the catalog churn that used to make the schema check re-read
 * everything. One JDBC connection, kept open, as an application's pool would.
 */
final class TempTableChurn implements AutoCloseable {
    private final Connection connection;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "temp-table-churn");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong created = new AtomicLong();
    private volatile SQLException failure;

    private TempTableChurn(Connection connection) {
        this.connection = connection;
    }

    static TempTableChurn start(Sql database) throws SQLException {
        TempTableChurn churn = new TempTableChurn(database.connect());
        churn.timer.scheduleAtFixedRate(churn::createOne, 0, 1, TimeUnit.SECONDS);
        return churn;
    }

    /** How many temporary tables it has created so far. */
    long created() {
        if (failure != null) {
            throw new IllegalStateException("the temporary-table session failed", failure);
        }
        return created.get();
    }

    private void createOne() {
        long n = created.get() + 1;
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE scratch_" + n + " (id int PRIMARY KEY, payload text DEFAULT 'x')");
            statement.execute("DROP TABLE IF EXISTS scratch_" + (n - 1));
            created.set(n);
        } catch (SQLException e) {
            failure = e;
        }
    }

    @Override
    public void close() throws SQLException {
        timer.shutdownNow();
        connection.close();
    }
}
