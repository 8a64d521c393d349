package dev.warden.daemon.migrate;

import dev.warden.daemon.runs.RunLog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One migration as the daemon follows it, from open to verdict: what was asked, the timeline, what
 * the lock watch saw, and the parts of the report each stage adds. Its JSON is the report: kept in the
 * state store, served by the API, printed by {@code warden report}. Touched from one Vert.x context
 * at a time; synchronized because the API reads it while the watch writes.
 */
final class MigrationRun extends RunLog {
    private final String id;
    private final MigrationRequest request;
    private final List<JsonObject> cancels = new ArrayList<>();
    private Verdict verdict = Verdict.RUNNING;
    private Instant lastHeard;
    private LockSample latest = new LockSample(List.of(), List.of(), 0, 0, 0, 0, null, 0);
    private long maxHeld;
    private long maxAwaited;
    private long maxBlocked;
    private double longestWait;
    private String cancelledBecause;
    private boolean concluding;

    MigrationRun(String id, MigrationRequest request, Instant openedAt) {
        super(openedAt);
        this.id = id;
        this.request = request;
        this.lastHeard = openedAt;
    }

    /** The session name the migration's tool announces (PGAPPNAME), by which the watch knows its sessions. */
    static String applicationName(String id) {
        return "warden-migrate-" + id;
    }

    String id() {
        return id;
    }

    String target() {
        return request.target();
    }

    MigrationRequest request() {
        return request;
    }

    synchronized void heard(Instant at) {
        lastHeard = at;
    }

    synchronized Instant lastHeard() {
        return lastHeard;
    }

    synchronized void sampled(LockSample sample) {
        latest = sample;
        maxHeld = Math.max(maxHeld, sample.locksHeld());
        maxAwaited = Math.max(maxAwaited, sample.locksAwaited());
        maxBlocked = Math.max(maxBlocked, sample.blockedSessions());
        longestWait = Math.max(longestWait, sample.longestWaitSeconds());
    }

    synchronized void cancelled(Instant at, JsonObject cancel, String because) {
        cancels.add(cancel.put("at", at.toString()));
        if (cancelledBecause == null && cancel.getBoolean("cancelled", false)) {
            cancelledBecause = because;
            event(at, "cancelled the migration's statement: " + because);
        }
    }

    synchronized String cancelledBecause() {
        return cancelledBecause;
    }

    /** Claims the right to conclude: only the first of the finish, a vanished client or a restart does. */
    synchronized boolean startConcluding() {
        if (concluding) {
            return false;
        }
        concluding = true;
        return true;
    }

    synchronized boolean ended() {
        return verdict != Verdict.RUNNING;
    }

    synchronized Verdict verdict() {
        return verdict;
    }

    synchronized void end(Verdict ended, Instant at) {
        verdict = ended;
        end(at, "verdict: " + ended.label());
    }

    /** What the client shows on its progress line, and what a heartbeat answers. */
    synchronized JsonObject progress(Instant now) {
        return new JsonObject().put("id", id).put("status", verdict.label())
                .put("elapsed_seconds", Duration.between(openedAt(), now).toMillis() / 1000.0)
                .put("sessions", new JsonArray(latest.migrationPids()))
                .put("locks_held", latest.locksHeld()).put("locks_awaited", latest.locksAwaited())
                .put("blocked_sessions", latest.blockedSessions())
                .put("longest_blocked_wait_seconds", round(latest.longestWaitSeconds()))
                .put("rows_changed", latest.rowsChanged());
    }

    /** The whole report as it stands. */
    synchronized JsonObject toJson() {
        return into(new JsonObject().put("id", id).put("target", request.target())
                .put("status", verdict.label())
                .put("command", new JsonArray(request.command()))
                .put("application_name", applicationName(id))
                .put("expectations", new JsonArray(request.expectations().stream().map(e -> new JsonObject()
                        .put("declared", e.declared()).put("table", e.table())
                        .put("min_ratio", e.expectation().minRatio()).put("max_ratio", e.expectation().maxRatio()))
                        .toList()))
                .put("max_lock_wait_seconds", request.maxLockWait().toMillis() / 1000.0)
                .put("force", request.force())
                .put("locks", new JsonObject().put("max_held", maxHeld).put("max_awaited", maxAwaited)
                        .put("max_blocked_sessions", maxBlocked).put("longest_blocked_wait_seconds", round(longestWait))
                        .put("cancels", new JsonArray(List.copyOf(cancels)))));
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
