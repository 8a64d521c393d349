package dev.warden.rollback.backup;

import io.vertx.core.Handler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads {@code pg_dump --verbose} lines, counts the tables dumped, tells the handler and logs now and then. */
final class DumpProgressReporter {
    private static final Logger log = LoggerFactory.getLogger(DumpProgressReporter.class);
    private static final String TABLE_DONE = "dumping contents of table ";

    private final String name;
    private final Path partial;
    private final Clock clock;
    private final Duration logInterval;
    private final Handler<DumpProgress> handler;
    private final Instant started;
    private Instant lastLogged;
    private int tables;

    DumpProgressReporter(String name, Path partial, Clock clock, Duration logInterval, Handler<DumpProgress> handler) {
        this.name = name;
        this.partial = partial;
        this.clock = clock;
        this.logInterval = logInterval;
        this.handler = handler;
        this.started = clock.instant();
        this.lastLogged = started;
    }

    /** Called with each stderr line of pg_dump, on its reader thread. */
    synchronized void onLine(String line) {
        if (!line.contains(TABLE_DONE)) {
            return;
        }
        tables++;
        Instant now = clock.instant();
        DumpProgress progress = new DumpProgress(name, tables, sizeOfPartial(), Duration.between(started, now));
        handler.handle(progress);
        if (Duration.between(lastLogged, now).compareTo(logInterval) >= 0) {
            lastLogged = now;
            log.info("Dump {}: {} tables, {} bytes in {} s", name, tables, progress.bytesWritten(),
                    progress.elapsed().toSeconds());
        }
    }

    synchronized int tables() {
        return tables;
    }

    private long sizeOfPartial() {
        try {
            return Files.size(partial);
        } catch (IOException e) {
            return 0;
        }
    }
}
