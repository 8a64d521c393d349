package dev.warden.bench;

import dev.warden.testing.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How long a database's door was shut, as its clients see it: a thread polls
 * {@code pg_database.datallowconn} every millisecond or so from a session on another database and
 * adds up the time it read false. Only for observed runs: it takes a little CPU from what it watches.
 */
final class DoorWatch implements AutoCloseable {
    private static final String ALLOWED = "SELECT datallowconn FROM pg_database WHERE datname = ?";
    private static final long POLL_MILLIS = 1;

    private final Thread poller;
    private volatile boolean stopping;
    private volatile long closedNanos;
    private volatile int polls;
    private volatile SQLException failure;

    private DoorWatch(Sql maintenance, String database) {
        poller = new Thread(() -> poll(maintenance, database), "door-watch-" + database);
        poller.setDaemon(true);
    }

    static DoorWatch start(Sql maintenance, String database) {
        DoorWatch watch = new DoorWatch(maintenance, database);
        watch.poller.start();
        return watch;
    }

    /** Total time the door was seen shut, in nanoseconds; call after {@link #close()}. */
    long closedNanos() {
        return closedNanos;
    }

    int polls() {
        return polls;
    }

    @Override
    public void close() {
        stopping = true;
        try {
            poller.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException("door watch failed: " + failure.getMessage(), failure);
        }
    }

    private void poll(Sql maintenance, String database) {
        try (Connection connection = maintenance.connect(); PreparedStatement allowed = connection.prepareStatement(ALLOWED)) {
            allowed.setString(1, database);
            long shutSince = -1;
            while (!stopping) {
                boolean open;
                try (ResultSet row = allowed.executeQuery()) {
                    open = row.next() && row.getBoolean(1);
                }
                long now = System.nanoTime();
                polls++;
                if (!open && shutSince < 0) {
                    shutSince = now;
                } else if (open && shutSince >= 0) {
                    closedNanos += now - shutSince;
                    shutSince = -1;
                }
                Thread.sleep(POLL_MILLIS); // a polling interval, not a wait for a condition
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
