package dev.warden.daemon.runs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What every run Warden follows (a migration, a drill) writes as it goes: its timeline, the duration
 * of each stage, the reasons it failed, and the parts of its report each stage adds; each kind of run
 * adds its own fields. Synchronized because the API reads it while the run writes.
 */
public abstract class RunLog {
    private final Instant openedAt;
    private final List<JsonObject> timeline = new ArrayList<>();
    private final JsonObject durations = new JsonObject();
    private final List<String> reasons = new ArrayList<>();
    private final JsonObject parts = new JsonObject();
    private Instant finishedAt;

    protected RunLog(Instant openedAt) {
        this.openedAt = openedAt;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public synchronized void event(Instant at, String what) {
        timeline.add(new JsonObject().put("at", at.toString()).put("event", what));
    }

    /** {@code <stage>_ms} among the durations. */
    public synchronized void took(String stage, Duration duration) {
        durations.put(stage + "_ms", duration.toMillis());
    }

    /** A part of the report a stage adds (restore point, checks, strategies, ...). */
    public synchronized void put(String key, Object value) {
        parts.put(key, value);
    }

    public synchronized void reason(String why) {
        reasons.add(why);
    }

    public synchronized List<String> reasons() {
        return List.copyOf(reasons);
    }

    /** Ends it at {@code at}: the total duration, and a last event such as {@code verdict: failed (reasons)}. */
    protected synchronized void end(Instant at, String what) {
        finishedAt = at;
        durations.put("total_ms", Duration.between(openedAt, at).toMillis());
        event(at, what + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")"));
    }

    /** Adds what it holds to {@code json} (a report's own fields): the log's fields, then the parts stages added. */
    protected synchronized JsonObject into(JsonObject json) {
        json.put("reasons", new JsonArray(List.copyOf(reasons))).put("opened_at", openedAt.toString())
                .put("finished_at", finishedAt == null ? null : finishedAt.toString())
                .put("timeline", new JsonArray(List.copyOf(timeline))).put("durations", durations.copy());
        parts.forEach(entry -> json.put(entry.getKey(), entry.getValue()));
        return json;
    }
}
