package dev.warden.daemon.http;

import dev.warden.daemon.cluster.ClusterView;
import dev.warden.daemon.migrate.Migrations;
import dev.warden.daemon.rollback.RollbackJson;
import dev.warden.daemon.rollback.Rollbacks;
import dev.warden.daemon.state.StateStore;
import dev.warden.daemon.watch.WatchedTarget;
import dev.warden.postgres.Failures;
import dev.warden.rollback.decision.DecisionOutcome;
import dev.warden.rollback.decision.DecisionStore;
import dev.warden.rollback.decision.Incident;
import dev.warden.rollback.decision.IncidentStore;
import dev.warden.rollback.engine.JournaledRollback;
import dev.warden.rollback.engine.RollbackStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/status}: every target on one screen (up, read-only, restore point, migration running,
 * open incident, rollbacks awaiting approval, latest check results), then the newest decisions with what
 * became of them and the newest rollbacks with their reports. What {@code warden status} and the status
 * page show. The targets' part comes from memory, so it answers while the state store is away; the
 * rest says why it is missing instead.
 */
final class StatusView {
    /** How many decisions and rollbacks one screen lists; the full lists are /api/decisions and /api/rollbacks. */
    static final int RECENT = 20;
    /** How far back pending approvals are looked for among decisions. */
    private static final int APPROVALS_LOOKBACK = 100;

    private final List<WatchedTarget> targets;
    private final IncidentStore incidents;
    private final DecisionStore decisions;
    private final Rollbacks rollbacks;
    private final Migrations migrations;
    private final StateStore state;
    private final Clock clock;
    /** Null for a lone Warden. */
    private volatile ClusterView cluster;

    StatusView(List<WatchedTarget> targets, IncidentStore incidents, DecisionStore decisions, Rollbacks rollbacks,
               Migrations migrations, StateStore state, Clock clock) {
        this.targets = targets;
        this.incidents = incidents;
        this.decisions = decisions;
        this.rollbacks = rollbacks;
        this.migrations = migrations;
        this.state = state;
        this.clock = clock;
    }

    /** On a cluster node: this node and the members, and each target's owner. */
    void withCluster(ClusterView view) {
        this.cluster = view;
    }

    Future<JsonObject> now() {
        JsonObject body = new JsonObject().put("at", clock.instant().toString());
        ClusterView view = cluster;
        if (view != null) {
            body.put("cluster", Health.cluster(view, targets));
        }
        if (!state.isOpen()) {
            // Its operations would wait for it: say so and show what memory holds.
            String waiting = state.waiting().map(w -> w.describe(clock.instant()))
                    .orElse("state store at " + state.address() + ": first attempt under way");
            return Future.succeededFuture(body.put("state_store", "waiting for " + waiting)
                    .put("targets", targetsFromMemory()).put("decisions", new JsonArray()).put("rollbacks", new JsonArray()));
        }
        Future<List<DecisionStore.Settled>> settled = decisions.recentSettled(APPROVALS_LOOKBACK, null);
        Future<List<JournaledRollback>> recent = rollbacks.recent(RECENT);
        Future<List<JsonObject>> awaiting = settled.compose(this::awaitingApproval);
        List<Future<Optional<Incident>>> open = targets.stream().map(t -> incidents.open(t.name())).toList();
        return Future.all(List.of(settled, recent, awaiting, Future.all(open))).map(all -> {
            JsonArray targetBodies = new JsonArray();
            for (int i = 0; i < targets.size(); i++) {
                WatchedTarget target = targets.get(i);
                targetBodies.add(target(target)
                        .put("incident", open.get(i).result().map(StatusView::incident).orElse(null))
                        .put("pending_approvals", new JsonArray(awaiting.result().stream()
                                .filter(a -> a.getString("target").equals(target.name())).toList())));
            }
            return body.put("state_store", "open").put("targets", targetBodies)
                    .put("decisions", new JsonArray(settled.result().stream().limit(RECENT)
                            .map(DecisionStore.Settled::toJson).toList()))
                    .put("rollbacks", new JsonArray(recent.result().stream().map(StatusView::rollback).toList()));
        }).recover(e -> Future.succeededFuture(body.put("state_store", "did not answer: " + Failures.describe(e))
                .put("targets", targetsFromMemory()).put("decisions", new JsonArray()).put("rollbacks", new JsonArray())));
    }

    private JsonArray targetsFromMemory() {
        return new JsonArray(targets.stream().map(this::target).toList());
    }

    /** What memory says of a target: connection, read-only, restore point, migration, latest checks. */
    private JsonObject target(WatchedTarget target) {
        JsonArray checks = new JsonArray();
        target.checks().latest().values().stream().sorted((a, b) -> a.check().compareTo(b.check()))
                .forEach(result -> checks.add(CheckJson.of(result).put("evidence", null)));
        JsonObject described = Health.describe(target.monitor().status());
        ClusterView view = cluster;
        if (view != null) {
            described.put("owner", view.owner(target.name()).orElse(null));
        }
        return described
                .put("restore_point", target.snapshots().restorePoint())
                .put("migration", migrations.running(target.name()).orElse(null))
                .put("checks", checks);
    }

    /**
     * The rollbacks decisions wait on for approval: decided in approve mode, and still planned (not
     * approved since, nor ended when their incident closed).
     */
    private Future<List<JsonObject>> awaitingApproval(List<DecisionStore.Settled> settled) {
        List<Future<Optional<JsonObject>>> found = new ArrayList<>();
        for (DecisionStore.Settled decision : settled) {
            DecisionOutcome outcome = decision.outcome();
            if (outcome.kind() == DecisionOutcome.Kind.AWAITING_APPROVAL && outcome.rollbackId() != null) {
                found.add(rollbacks.find(outcome.rollbackId()).map(rollback -> rollback
                        .filter(r -> r.status() == RollbackStatus.PLANNED)
                        .map(r -> new JsonObject().put("rollback_id", r.id()).put("target", r.target())
                                .put("strategy", r.strategy().name().toLowerCase())
                                .put("decision_id", decision.decision().id())
                                .put("issue", decision.decision().issue().name().toLowerCase())
                                .put("severity", decision.decision().severity().name().toLowerCase())
                                .put("decided_at", decision.decision().decidedAt().toString())
                                .put("approve", "/api/rollbacks/" + r.id() + "/approve"))));
            }
        }
        return Future.all(found).map(all -> found.stream().flatMap(f -> f.result().stream()).toList());
    }

    private static JsonObject incident(Incident incident) {
        return new JsonObject().put("id", incident.id()).put("check", incident.check())
                .put("issue", incident.issue().name().toLowerCase()).put("severity", incident.severity().name().toLowerCase())
                .put("opened_at", incident.openedAt().toString());
    }

    private static JsonObject rollback(JournaledRollback rollback) {
        return RollbackJson.summary(rollback).put("report", "/api/rollbacks/" + rollback.id() + "/report");
    }
}
