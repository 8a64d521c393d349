package dev.warden.daemon.http;

import dev.warden.checks.CheckResult;
import io.vertx.core.json.JsonObject;

/** A check's latest result as the API shows it, in {@code /api/targets/{t}/checks} and {@code /api/status}. */
final class CheckJson {
    private CheckJson() {
    }

    static JsonObject of(CheckResult result) {
        return new JsonObject()
                .put("check", result.check())
                .put("status", result.status().name().toLowerCase())
                .put("severity", result.severity() == null ? null : result.severity().name().toLowerCase())
                .put("issue", result.issue() == null ? null : result.issue().name().toLowerCase())
                .put("summary", result.summary())
                .put("at", result.at().toString())
                .put("evidence", JsonObject.mapFrom(result.evidence()));
    }
}
