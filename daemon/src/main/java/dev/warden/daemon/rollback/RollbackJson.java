package dev.warden.daemon.rollback;

import dev.warden.rollback.engine.DataImpact;
import dev.warden.rollback.engine.JournaledRollback;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.Step;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/** Rollbacks and plans as the API shows them: steps, data impact, journal, timings, outcome. */
public final class RollbackJson {
    private RollbackJson() {
    }

    public static JsonObject summary(JournaledRollback r) {
        JsonObject json = new JsonObject()
                .put("id", r.id())
                .put("target", r.target())
                .put("strategy", r.strategy().name().toLowerCase())
                .put("lift", r.options().lift())
                .put("decision_id", r.decisionId())
                .put("status", r.status().journalName())
                .put("requested_at", r.requestedAt().toString())
                .put("outcome", r.outcome());
        if (!r.entries().isEmpty()) {
            Instant first = r.entries().get(0).at();
            Instant last = r.entries().get(r.entries().size() - 1).at();
            json.put("started_at", first.toString()).put("last_step_at", last.toString())
                    .put("duration_ms", Duration.between(first, last).toMillis());
        }
        return json;
    }

    public static JsonObject full(JournaledRollback r) {
        JsonArray steps = new JsonArray();
        for (int i = 0; i < r.steps().size(); i++) {
            steps.add(skipped(new JsonObject().put("position", i).put("name", r.steps().get(i).name())
                    .put("destructive", r.steps().get(i).destructive())
                    .put("last_event", r.lastEvents().containsKey(i) ? r.lastEvents().get(i).journalName() : null),
                    r.steps().get(i).skipped()));
        }
        JsonArray journal = new JsonArray();
        r.entries().forEach(e -> journal.add(new JsonObject().put("position", e.position()).put("step", e.step())
                .put("event", e.event().journalName()).put("error", e.error()).put("at", e.at().toString())));
        return summary(r)
                .put("backup", r.backup() == null ? null : new JsonObject().put("kind", r.backup().kind())
                        .put("location", r.backup().location()).put("created_at", r.backup().createdAt().toString()))
                .put("steps", steps)
                .put("impact", impact(r.impact()))
                .put("journal", journal)
                .put("evidence", new JsonArray(r.evidence()));
    }

    public static JsonObject plan(RollbackPlan plan) {
        JsonArray steps = new JsonArray();
        for (Step step : plan.steps()) {
            steps.add(skipped(new JsonObject().put("name", step.name()).put("destructive", step.destructive()),
                    step.skipped().orElse(null)));
        }
        return new JsonObject()
                .put("id", plan.id())
                .put("target", plan.target())
                .put("strategy", plan.strategy().name().toLowerCase())
                .put("lift", plan.request().options().lift())
                .put("backup", plan.backup() == null ? null : plan.backup().location())
                .put("steps", steps)
                .put("impact", impact(plan.impact()));
    }

    /** A step the plan lists but skips says so, and why: {@code "skipped": true, "why": "..."}. */
    private static JsonObject skipped(JsonObject step, String why) {
        return why == null ? step : step.put("skipped", true).put("why", why);
    }

    private static JsonObject impact(DataImpact impact) {
        if (impact == null) {
            return null;
        }
        JsonArray tables = new JsonArray();
        impact.tables().forEach(t -> tables.add(new JsonObject().put("table", t.table())
                .put("rows_in_backup", t.rowsInBackup()).put("rows_now", t.rowsNow())
                .put("rows_set_aside", t.rowsSetAside()).put("rows_brought_back", t.rowsBroughtBack())));
        return new JsonObject().put("tables", tables).put("tables_set_aside", new JsonArray(impact.tablesSetAside()))
                .put("notes", new JsonArray(impact.notes()));
    }
}
