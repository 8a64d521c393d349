package dev.warden.rollback.decision;

import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import java.time.Instant;

/**
 * A target's incident: opened by the first breach a rule would act on ({@code check}, {@code issue},
 * {@code severity} are that breach's), closed when that check passes again for enough cycles in a row
 * or when a rollback answering it verifies. {@code closedAt} and {@code closedBecause} are null while
 * it is open.
 */
public record Incident(String id, String target, String check, IssueType issue, Severity severity, Instant openedAt,
                       Instant closedAt, String closedBecause) {

    public boolean open() {
        return closedAt == null;
    }
}
