package dev.warden.rollback.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.warden.checks.WardenJson;
import dev.warden.config.DecisionMode;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.config.StrategyKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Decisions in Warden's state database. */
public final class DecisionStore {
    private static final WardenJson JSON = WardenJson.mapper().withMixIn(Decision.class, DecisionJson.class);
    private final Pool pool;
    private final Future<Void> ready;

    /** {@code ready} completes when the state schema is in place; every operation waits for it. */
    public DecisionStore(Pool pool, Future<Void> ready) {
        this.pool = pool;
        this.ready = ready;
    }

    public Future<Void> insert(Decision d) {
        return ready.compose(v -> pool.preparedQuery("""
                INSERT INTO warden.decisions (id, target, check_name, issue, severity, strategy, mode, time_budget_ms,
                    first_breach_at, decided_at, streak, reasoning, incident_id, outcome, outcome_detail)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)""")
                .execute(Tuple.from(new Object[] {UUID.fromString(d.id()), d.target(), d.check(), name(d.issue()),
                        name(d.severity()), name(d.strategy()), name(d.mode()), d.timeBudget().toMillis(),
                        utc(d.firstBreachAt()), utc(d.decidedAt()), d.streak(), new JsonArray(d.reasoning()),
                        d.incidentId() == null ? null : UUID.fromString(d.incidentId()),
                        DecisionOutcome.pending().kind().label(), DecisionOutcome.pending().detail()})))
                .mapEmpty();
    }

    /** Records what became of the decision. */
    public Future<Void> settle(String decisionId, DecisionOutcome outcome) {
        return ready.compose(v -> pool.preparedQuery("UPDATE warden.decisions SET outcome = $2, outcome_detail = $3,"
                        + " rollback_id = $4 WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(decisionId), outcome.kind().label(), outcome.detail(),
                        outcome.rollbackId())))
                .mapEmpty();
    }

    /** The newest decisions first with what became of them, at most {@code limit}, of one target or all (null). */
    public Future<List<Settled>> recentSettled(int limit, String target) {
        return ready.compose(v -> pool.preparedQuery("SELECT * FROM warden.decisions WHERE $2::text IS NULL"
                        + " OR target = $2 ORDER BY decided_at DESC LIMIT $1").execute(Tuple.of(limit, target)))
                .map(rows -> {
                    List<Settled> out = new ArrayList<>();
                    rows.forEach(row -> out.add(new Settled(decision(row), outcome(row))));
                    return out;
                });
    }

    /** A decision and what became of it. */
    public record Settled(Decision decision, DecisionOutcome outcome) {
        public JsonObject toJson() {
            return DecisionStore.toJson(decision).put("outcome", new JsonObject()
                    .put("kind", outcome.kind().label())
                    .put("rollback_id", outcome.rollbackId())
                    .put("detail", outcome.detail()));
        }
    }

    /** The newest decisions first, at most {@code limit}. */
    public Future<List<Decision>> recent(int limit) {
        return ready.compose(v -> pool
                .preparedQuery("SELECT * FROM warden.decisions ORDER BY decided_at DESC LIMIT $1").execute(Tuple.of(limit)))
                .map(rows -> {
                    List<Decision> out = new ArrayList<>();
                    rows.forEach(row -> out.add(decision(row)));
                    return out;
                });
    }

    /**
     * Decisions decided before {@code decidedBefore} and still pending, oldest first: after a restart
     * (this Warden's start as the bound, so that its own fresh decisions are not counted), the ones a
     * stopped Warden never saw through.
     */
    public Future<List<Decision>> pending(Instant decidedBefore) {
        return ready.compose(v -> pool.preparedQuery("SELECT * FROM warden.decisions WHERE outcome = $1"
                        + " AND decided_at < $2 ORDER BY decided_at")
                        .execute(Tuple.of(DecisionOutcome.Kind.PENDING.label(), utc(decidedBefore))))
                .map(rows -> {
                    List<Decision> out = new ArrayList<>();
                    rows.forEach(row -> out.add(decision(row)));
                    return out;
                });
    }

    public Future<Optional<Decision>> find(String id) {
        return ready.compose(v -> pool.preparedQuery("SELECT * FROM warden.decisions WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(decision(rows.iterator().next())));
    }

    public static JsonObject toJson(Decision d) {
        return JSON.object(d);
    }

    private static Decision decision(Row row) {
        List<String> reasoning = new ArrayList<>();
        row.getJsonArray("reasoning").forEach(line -> reasoning.add(String.valueOf(line)));
        return new Decision(row.getUUID("id").toString(), row.getString("target"), row.getString("check_name"),
                IssueType.valueOf(row.getString("issue").toUpperCase()),
                Severity.valueOf(row.getString("severity").toUpperCase()),
                StrategyKind.valueOf(row.getString("strategy").toUpperCase()),
                DecisionMode.valueOf(row.getString("mode").toUpperCase()),
                Duration.ofMillis(row.getLong("time_budget_ms")),
                row.getOffsetDateTime("first_breach_at").toInstant(), row.getOffsetDateTime("decided_at").toInstant(),
                row.getInteger("streak"), reasoning,
                row.getUUID("incident_id") == null ? null : row.getUUID("incident_id").toString());
    }

    /** Decisions stored before outcomes were recorded have none: they show as pending. */
    private static DecisionOutcome outcome(Row row) {
        String kind = row.getString("outcome");
        return kind == null ? DecisionOutcome.pending()
                : new DecisionOutcome(DecisionOutcome.Kind.valueOf(kind.toUpperCase()), row.getString("rollback_id"),
                        row.getString("outcome_detail"));
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase();
    }

    /** The API's names: the time budget in seconds, and the deadline it sets. */
    private interface DecisionJson {
        @JsonProperty("time_budget_seconds")
        Duration timeBudget();

        @JsonProperty
        Instant deadline();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        String incidentId();
    }
}
