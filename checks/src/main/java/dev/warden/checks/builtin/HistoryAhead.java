package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationHistoryReader;
import io.vertx.core.Future;

/**
 * One cycle's migration history for {@code schema_drift}, which can be started before it is needed: as
 * soon as the fingerprint's scan has seen a watched object change, the history is read on a connection
 * of its own while the changed objects are still being deparsed on another, so a cycle that meets a
 * change waits one round trip less. Started after the change was seen, never before, it finds what
 * the read it replaces found (a migration's history row commits with its DDL, or later). A history
 * the daemon already read this cycle is taken as it is; one never asked for is simply dropped.
 */
final class HistoryAhead {
    private final CheckContext context;
    private Future<MigrationHistory> started;

    HistoryAhead(CheckContext context) {
        this.context = context;
    }

    /**
     * Reads the history now, unless the daemon has it already. On one pooled connection (the tool
     * tables' listing and the sessions' reading pipelined on it): the other may be the fingerprint's,
     * and the pool's bound is never exceeded (with a pool of one, this waits for the fingerprint).
     */
    synchronized void start() {
        if (started == null && context.baseline().migrationHistory().isEmpty()) {
            started = context.pool().withConnection(connection ->
                    MigrationHistoryReader.builtIn().read(connection, context.activity()));
        }
    }

    /** The history read early, or (when nothing started it) the one {@link Histories#current} gives now. */
    synchronized Future<MigrationHistory> history() {
        return started != null ? started : Histories.current(context);
    }
}
