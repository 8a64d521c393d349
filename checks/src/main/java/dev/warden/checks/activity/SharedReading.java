package dev.warden.checks.activity;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One reading of a server's activity shared by every target on it that connects as the same role (what
 * pg_stat_activity shows depends on the role). A request while a reading is in flight joins it; a
 * request within {@code freshness} of a reading's start reuses it; any other starts a new one on the
 * requester's own client. A failed reading is never reused. With a single target the reading covers
 * only its database.
 */
public final class SharedReading {
    private final ServerRole server;
    private final List<String> targets;
    private final long freshnessNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong readings = new AtomicLong();
    private Future<ServerActivity> last;
    private long lastStartedAt;

    public SharedReading(ServerRole server, List<String> targets, Duration freshness, LongSupplier nanoTime) {
        this.server = server;
        this.targets = List.copyOf(targets);
        this.freshnessNanos = freshness.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The source for one of the targets, whose database is {@code database}. */
    public ActivitySource forDatabase(String database) {
        return client -> current(client).map(reading -> new DatabaseActivity(reading, database));
    }

    synchronized Future<ServerActivity> current(SqlClient client) {
        long now = nanoTime.getAsLong();
        if (last != null && (!last.isComplete() || (last.succeeded() && now - lastStartedAt <= freshnessNanos))) {
            return last;
        }
        lastStartedAt = now;
        readings.incrementAndGet();
        last = ServerActivityQuery.read(client, targets.size() > 1);
        return last;
    }

    public ServerRole server() {
        return server;
    }

    public List<String> targets() {
        return targets;
    }

    public Duration freshness() {
        return Duration.ofNanos(freshnessNanos);
    }

    /** How many readings were taken (not joined nor reused) since start. */
    public long readings() {
        return readings.get();
    }
}
