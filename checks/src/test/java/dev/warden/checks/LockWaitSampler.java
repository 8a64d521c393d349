package dev.warden.checks;

import static org.awaitility.Awaitility.await;

import dev.warden.testing.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples pg_locks from its own connection, as fast as it can, while a Warden operation runs, and
 * counts the samples in which a session with {@code application_name = 'warden'} was waiting for a
 * lock ({@code granted = false}). Proves "Warden never queued" without trusting Warden's own timing.
 */
public final class LockWaitSampler implements AutoCloseable {
    private static final String WAITING = """
            SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE a.application_name = 'warden' AND NOT l.granted
            """;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicInteger waitingSamples = new AtomicInteger();
    private final Future<?> loop;

    private LockWaitSampler(Sql sql) {
        loop = executor.submit(() -> sample(sql));
    }

    /** Starts sampling and returns once the first sample is in. */
    public static LockWaitSampler start(Sql sql) {
        LockWaitSampler sampler = new LockWaitSampler(sql);
        await().atMost(Duration.ofSeconds(10)).until(() -> sampler.samples.get() > 0 || sampler.loop.isDone());
        return sampler;
    }

    public int samples() {
        return samples.get();
    }

    public int waitingSamples() {
        return waitingSamples.get();
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        loop.get(10, TimeUnit.SECONDS);
        executor.shutdown();
    }

    private Void sample(Sql sql) throws SQLException {
        try (Connection connection = sql.connect(); Statement statement = connection.createStatement()) {
            while (running.get()) {
                try (ResultSet rs = statement.executeQuery(WAITING)) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        waitingSamples.incrementAndGet();
                    }
                    samples.incrementAndGet();
                }
            }
        }
        return null;
    }
}
