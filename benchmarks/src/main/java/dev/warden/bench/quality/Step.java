package dev.warden.bench.quality;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Something done to a scenario's database: plain SQL, a Flyway migration, a pgbench run, a lock
 * pile-up, a restart of the server. Steps block until they are over; the runner interrupts a
 * workload's thread once it has seen enough, and every step lets go of what it holds when
 * interrupted. What a step expects to fail (a failing migration) it reports in {@code notes}, never
 * throws.
 */
@FunctionalInterface
public interface Step {
    Step NOTHING = on -> { };

    void run(On on) throws Exception;

    /** Where a step acts: the scenario's database on the target server, and a folder of its own. */
    record On(EmbeddedServer server, String database, Path dir, List<String> notes) {
        PgAddress address() {
            return server.address(database);
        }

        Sql sql() {
            return new Sql(address());
        }

        void note(String note) {
            synchronized (notes) {
                notes.add(note);
            }
        }
    }

    /** Each statement on its own, in autocommit (so CREATE INDEX CONCURRENTLY is allowed). */
    static Step sql(String... statements) {
        return on -> {
            for (String statement : statements) {
                on.sql().execute(statement);
            }
        };
    }

    /** A statement that is meant to fail (it is the bad migration); its error is noted. */
    static Step failing(String statement) {
        return on -> {
            try {
                on.sql().execute(statement);
                on.note("expected to fail, but succeeded: " + statement);
            } catch (IllegalStateException e) {
                on.note("failed as meant: " + firstLine(e.getMessage()));
            }
        };
    }

    /** {@code template} formatted with each batch's lower and upper bound, from..to by step, with a pause between. */
    static Step batches(String template, long from, long to, long step, Duration pause) {
        return on -> {
            for (long low = from; low <= to; low += step) {
                on.sql().execute(template.formatted(low, Math.min(to, low + step - 1)));
                Thread.sleep(pause.toMillis());
            }
        };
    }

    static Step sleep(Duration duration) {
        return on -> Thread.sleep(duration.toMillis());
    }

    static Step all(Step... steps) {
        return on -> {
            for (Step step : steps) {
                step.run(on);
            }
        };
    }

    /**
     * Flyway migrate with these scripts (file name to SQL) added to the scenario's migrations folder;
     * {@code mixed} lets a migration hold non-transactional statements, which Flyway then runs outside
     * a transaction. A failing migration is noted, as it is the scenario's point.
     */
    static Step flyway(Map<String, String> scripts) {
        return on -> {
            Path folder = on.dir().resolve("migrations");
            Files.createDirectories(folder);
            for (Map.Entry<String, String> script : new LinkedHashMap<>(scripts).entrySet()) {
                Files.writeString(folder.resolve(script.getKey()), script.getValue(), StandardCharsets.UTF_8);
            }
            PgAddress address = on.address();
            try {
                int applied = Flyway.configure().dataSource(address.jdbcUrl(), address.user(), address.password())
                        .locations("filesystem:" + folder).mixed(true)
                        // Flyway's default transactional advisory lock is a transaction that CREATE INDEX
                        // CONCURRENTLY waits for forever: the session lock is what Flyway's docs advise.
                        .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                        .load().migrate().migrationsExecuted;
                on.note("flyway applied " + applied);
            } catch (FlywayException e) {
                on.note("flyway failed as meant: " + firstLine(e.getMessage()));
            }
        };
    }

    /** pgbench against the scenario's database (it must be on the PATH; the scenario says so). */
    static Step pgbench(String... args) {
        return on -> {
            List<String> command = new ArrayList<>(List.of("pgbench", "-h", on.address().host(),
                    "-p", String.valueOf(on.address().port()), "-U", on.address().user()));
            command.addAll(List.of(args));
            command.add(on.database());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(on.dir().resolve("pgbench-" + System.nanoTime() + ".log").toFile()).start();
            try {
                if (process.waitFor() != 0) {
                    throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ", see "
                            + on.dir());
                }
            } finally {
                if (process.isAlive()) {
                    process.destroy();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        };
    }

    /**
     * A lock pile-up: a session holds a plain read of {@code table} open, an ALTER TABLE waits behind
     * it for its AccessExclusiveLock, and {@code readers} application reads queue behind the ALTER,
     * for {@code hold}; then the first session commits and the queue drains.
     */
    static Step lockPileup(String table, String alter, int readers, Duration hold) {
        return on -> {
            try (Connection holder = on.sql().connect()) {
                holder.setAutoCommit(false);
                try (Statement s = holder.createStatement()) {
                    s.execute("SELECT 1 FROM " + table + " LIMIT 1");
                }
                List<Thread> queued = new ArrayList<>();
                queued.add(background(on, alter));
                // The readers queue behind the ALTER only once it waits for its lock.
                Awaitility.await("the ALTER waiting").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                        .until(() -> on.sql().queryLong("SELECT count(*) FROM pg_locks WHERE NOT granted") >= 1);
                for (int i = 0; i < readers; i++) {
                    queued.add(background(on, "SELECT count(*) FROM " + table));
                }
                try {
                    Thread.sleep(hold.toMillis());
                } finally {
                    holder.rollback();
                    for (Thread thread : queued) {
                        thread.join(30_000);
                    }
                }
            }
        };
    }

    /** Stops the target's server (fast shutdown), keeps it down for {@code down}, starts it again. */
    static Step restartServer(Duration down) {
        return on -> {
            on.server().stop();
            try {
                Thread.sleep(down.toMillis());
            } finally {
                on.server().start();
            }
        };
    }

    private static Thread background(On on, String statement) {
        Thread thread = new Thread(() -> {
            try (Connection c = on.sql().connect(); Statement s = c.createStatement()) {
                s.execute(statement);
            } catch (SQLException e) {
                on.note("queued statement failed: " + firstLine(e.getMessage()));
            }
        }, "quality-queued");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
