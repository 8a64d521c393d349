package dev.warden.rollback.engine;

import java.util.List;

/**
 * How a rollback ended (or where it stopped).
 *
 * @param rollbackId its journal id
 * @param status     succeeded, failed, partial or needs_attention
 * @param summary    one line for people
 * @param evidence   what happened, one line per step or fact
 */
public record RollbackOutcome(String rollbackId, RollbackStatus status, String summary, List<String> evidence) {

    public RollbackOutcome {
        evidence = List.copyOf(evidence);
    }

    public boolean succeeded() {
        return status == RollbackStatus.SUCCEEDED;
    }
}
