package dev.warden.rollback.engine;

import dev.warden.config.DecisionMode;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.config.StrategyKind;
import dev.warden.rollback.decision.Decision;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A state database with the journal's tables, the way the daemon will create them: by running the resource. */
public final class JournalFixture {
    private JournalFixture() {
    }

    /** Creates the journal's tables on {@code state}. */
    public static void createTables(Sql state) {
        state.execute(PgJournal.ddl());
    }

    public static Pool pool(Vertx vertx, PgAddress state) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(state.connectOptions()).using(vertx)
                .build();
    }

    /** The journal's events of one rollback, as {@code position:name:event} in order. */
    public static List<String> events(Sql state, String rollbackId) {
        return state.queryColumn("SELECT position || ':' || name || ':' || event FROM warden.rollback_steps"
                + " WHERE rollback_id = '" + rollbackId + "' ORDER BY seq");
    }

    public static String status(Sql state, String rollbackId) {
        return state.queryColumn("SELECT status FROM warden.rollbacks WHERE id = '" + rollbackId + "'").get(0);
    }

    public static Decision decision(String target, StrategyKind strategy, DecisionMode mode) {
        Instant at = Instant.parse("2026-11-22T03:00:00Z");
        return new Decision(UUID.randomUUID().toString(), target, "row_count_drift", IssueType.DATA_CORRUPTION,
                Severity.CRITICAL, strategy, mode, Duration.ofMinutes(15), at, at, 1, List.of("public.orders dropped 40%"));
    }
}
