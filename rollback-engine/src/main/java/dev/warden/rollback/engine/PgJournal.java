package dev.warden.rollback.engine;

import dev.warden.config.StrategyKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The journal in Warden's state database: tables {@code warden.rollbacks} and
 * {@code warden.rollback_steps} from {@code /state/V5__rollback_journal.sql}. Times come from the
 * injected clock.
 */
public final class PgJournal implements Journal {
    /** The DDL, a classpath resource for the daemon's state migrations. */
    /** The journal's own state scripts, in order (the daemon's Flyway runs them with its own). */
    private static final List<String> DDL_RESOURCES = List.of("/state/V5__rollback_journal.sql",
            "/state/V6__incidents.sql");

    private static final String INSERT = "INSERT INTO warden.rollbacks (id, target, strategy, decision_id, status,"
            + " request, steps, impact, planned_at, updated_at, incident_id)"
            + " VALUES ($1, $2, $3, $4, 'planned', $5, $6, $7, $8, $8, $9) ON CONFLICT DO NOTHING";
    private static final String SELECT = "SELECT target, strategy, decision_id, status, request, steps, impact,"
            + " outcome, evidence FROM warden.rollbacks WHERE id = $1";

    private final Pool pool;
    private final Clock clock;

    public PgJournal(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public Future<Boolean> create(RollbackPlan plan) {
        return pool.preparedQuery(INSERT).execute(values(plan)).map(rows -> rows.rowCount() == 1);
    }

    /** The journal's tables as SQL: for fixtures and benchmarks that build a journal without the daemon. */
    public static String ddl() {
        StringBuilder sql = new StringBuilder();
        for (String resource : DDL_RESOURCES) {
            try (InputStream in = PgJournal.class.getResourceAsStream(resource)) {
                sql.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return sql.toString();
    }

    private Tuple values(RollbackPlan plan) {
        String incident = plan.request().decision() == null ? null : plan.request().decision().incidentId();
        return Tuple.from(new Object[] {plan.id(), plan.target(), name(plan.strategy()), plan.request().decisionId(),
                JournalJson.request(plan.request()), JournalJson.steps(plan.steps()), JournalJson.impact(plan.impact()),
                now(), incident == null ? null : UUID.fromString(incident)});
    }

    @Override
    public Future<Boolean> begin(String rollbackId) {
        return pool.preparedQuery("UPDATE warden.rollbacks SET status = 'running', started_at = $2, updated_at = $2"
                        + " WHERE id = $1 AND status = 'planned'")
                .execute(Tuple.of(rollbackId, now())).map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Future<Void> step(String rollbackId, int position, Step step, StepEvent event, String error) {
        return pool.preparedQuery("INSERT INTO warden.rollback_steps (rollback_id, position, name, destructive, event,"
                        + " error, at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.of(rollbackId, position, step.name(), step.destructive(), event.journalName(), error, now()))
                .mapEmpty();
    }

    @Override
    public Future<Void> finish(String rollbackId, RollbackStatus status, String outcome, List<String> evidence) {
        return pool.preparedQuery("UPDATE warden.rollbacks SET status = $2, outcome = $3, evidence = $4, updated_at = $5,"
                        + " finished_at = CASE WHEN $6 THEN $5 END WHERE id = $1")
                .execute(Tuple.of(rollbackId, status.journalName(), outcome, new JsonArray(evidence), now(), status.ended()))
                .mapEmpty();
    }

    @Override
    public Future<Optional<JournaledRollback>> load(String rollbackId) {
        return pool.preparedQuery(SELECT).execute(Tuple.of(rollbackId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(Optional.empty());
            }
            Row row = rows.iterator().next();
            return entries(rollbackId).map(entries -> Optional.of(rollback(rollbackId, row, entries)));
        });
    }

    @Override
    public Future<Optional<String>> rollbackFor(String decisionId) {
        return pool.preparedQuery("SELECT id FROM warden.rollbacks WHERE decision_id = $1").execute(Tuple.of(decisionId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
    }

    @Override
    public Future<Optional<String>> createUnlessAnswered(RollbackPlan plan) {
        String incident = plan.request().decision() == null ? null : plan.request().decision().incidentId();
        if (incident == null) {
            return create(plan).map(created -> created ? Optional.<String>empty()
                    : Optional.of("(this decision's own, journaled before)"));
        }
        // The transaction-scoped lock serialises this check-then-insert across every Warden on the state
        // database; the unique index on incident_id would refuse a second rollback anyway.
        long key = ("warden.incident:" + incident).hashCode();
        return pool.withTransaction(tx -> tx.query("SELECT pg_advisory_xact_lock(" + key + ")").execute()
                .compose(v -> tx.preparedQuery("SELECT id FROM warden.rollbacks WHERE incident_id = $1")
                        .execute(Tuple.of(UUID.fromString(incident))))
                .compose(answered -> answered.size() > 0
                        ? Future.succeededFuture(Optional.of(answered.iterator().next().getValue(0).toString()))
                        : tx.preparedQuery(INSERT).execute(values(plan)).map(rows -> rows.rowCount() == 1
                                ? Optional.<String>empty() : Optional.of("(this decision's own, journaled before)"))));
    }

    @Override
    public Future<List<String>> recent(int limit) {
        return pool.preparedQuery("SELECT id FROM warden.rollbacks ORDER BY planned_at DESC LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getValue(0).toString()));
                    return ids;
                });
    }

    @Override
    public Future<List<Unstarted>> unstarted(Instant plannedBefore) {
        return pool.preparedQuery("SELECT id, decision_id FROM warden.rollbacks WHERE status = 'planned'"
                        + " AND outcome IS NULL AND planned_at < $1 ORDER BY planned_at")
                .execute(Tuple.of(OffsetDateTime.ofInstant(plannedBefore, ZoneOffset.UTC)))
                .map(rows -> {
                    List<Unstarted> found = new ArrayList<>();
                    rows.forEach(row -> found.add(new Unstarted(row.getString(0), row.getString(1))));
                    return found;
                });
    }

    @Override
    public Future<Boolean> endUnstarted(String rollbackId, RollbackStatus status, String outcome) {
        return pool.preparedQuery("UPDATE warden.rollbacks SET status = $2, outcome = $3, updated_at = $4,"
                        + " finished_at = $4 WHERE id = $1 AND status = 'planned'")
                .execute(Tuple.of(rollbackId, status.journalName(), outcome, now()))
                .map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Future<List<String>> unfinished() {
        return pool.query("SELECT id FROM warden.rollbacks WHERE status = 'running' ORDER BY planned_at").execute()
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }

    private Future<List<JournaledRollback.Entry>> entries(String rollbackId) {
        return pool.preparedQuery("SELECT position, name, event, error, at FROM warden.rollback_steps"
                        + " WHERE rollback_id = $1 ORDER BY seq")
                .execute(Tuple.of(rollbackId)).map(rows -> {
                    List<JournaledRollback.Entry> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new JournaledRollback.Entry(r.getInteger(0), r.getString(1),
                            StepEvent.fromJournal(r.getString(2)), r.getString(3),
                            r.getOffsetDateTime(4).toInstant())));
                    return out;
                });
    }

    private static JournaledRollback rollback(String id, Row row, List<JournaledRollback.Entry> entries) {
        JsonObject request = (JsonObject) row.getValue("request");
        return new JournaledRollback(id, row.getString("target"),
                StrategyKind.valueOf(row.getString("strategy").toUpperCase(Locale.ROOT)), row.getString("decision_id"),
                RollbackStatus.fromJournal(row.getString("status")), JournalJson.backup(request.getJsonObject("backup")),
                JournalJson.options(request), Instant.parse(request.getString("requested_at")),
                JournalJson.steps((JsonArray) row.getValue("steps")), JournalJson.impact((JsonObject) row.getValue("impact")),
                row.getString("outcome"), JournalJson.strings((JsonArray) row.getValue("evidence")), entries);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String name(StrategyKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
