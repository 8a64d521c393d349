package dev.warden.bench;

import dev.warden.testing.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An application's session on the target during a drill: it waits until the drill's scratch copy
 * exists (the target's one touch is over), then connects and queries the target without pause until
 * stopped, counting its queries, the errors it saw and its slowest query. A drill that touches the
 * target beyond the clone shows here as an error or a slow query.
 */
final class TargetSession implements AutoCloseable {
    private static final String COPY_MADE = "SELECT count(*) FROM pg_database WHERE datname LIKE 'warden\\_drill\\_%'";
    private static final String QUERY = "SELECT count(*) FROM pg_class";
    private static final long POLL_MILLIS = 5;

    /** What the session saw. */
    record Seen(long queries, List<String> errors, long slowestMillis) {
    }

    private final Thread thread;
    private final List<String> errors = new ArrayList<>();
    private volatile boolean stopping;
    private volatile long queries;
    private volatile long slowestNanos;

    private TargetSession(Sql maintenance, Sql target) {
        thread = new Thread(() -> run(maintenance, target), "target-session");
        thread.setDaemon(true);
    }

    static TargetSession afterTheClone(Sql maintenance, Sql target) {
        TargetSession session = new TargetSession(maintenance, target);
        session.thread.start();
        return session;
    }

    private void run(Sql maintenance, Sql target) {
        while (!stopping && maintenance.queryLong(COPY_MADE) == 0) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (stopping) {
            return;
        }
        try (Connection session = target.connect(); Statement statement = session.createStatement()) {
            while (!stopping) {
                long started = System.nanoTime();
                try (ResultSet rows = statement.executeQuery(QUERY)) {
                    rows.next();
                    queries++;
                } catch (SQLException e) {
                    synchronized (errors) {
                        errors.add(e.getMessage());
                    }
                }
                slowestNanos = Math.max(slowestNanos, System.nanoTime() - started);
            }
        } catch (SQLException e) {
            synchronized (errors) {
                errors.add("could not connect: " + e.getMessage());
            }
        }
    }

    Seen stop() throws InterruptedException {
        stopping = true;
        thread.join();
        synchronized (errors) {
            return new Seen(queries, List.copyOf(errors), slowestNanos / 1_000_000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
