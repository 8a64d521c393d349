package dev.warden.daemon.rollback;

import dev.warden.rollback.engine.JournaledRollback;
import java.time.Duration;

/** The incident report of one rollback, in Markdown: what was done, when, and how it ended. */
public final class RollbackReport {
    private RollbackReport() {
    }

    public static String markdown(JournaledRollback r) {
        StringBuilder out = new StringBuilder()
                .append("# Rollback ").append(r.id()).append("\n\n")
                .append("- target: ").append(r.target()).append('\n')
                .append("- strategy: ").append(r.strategy().name().toLowerCase()).append(r.options().lift() ? " (lift)" : "")
                .append('\n')
                .append("- decision: ").append(r.decisionId() == null ? "none (started by hand)" : r.decisionId()).append('\n')
                .append("- requested: ").append(r.requestedAt()).append('\n')
                .append("- status: **").append(r.status().journalName()).append("**\n")
                .append("- backup restored: ").append(r.backup() == null ? "none" : r.backup().kind() + " "
                        + r.backup().location() + " taken " + r.backup().createdAt()).append('\n');
        if (r.outcome() != null) {
            out.append("- outcome: ").append(r.outcome()).append('\n');
        }
        out.append("\n## Steps\n\n| # | step | destructive | last event |\n|---|---|---|---|\n");
        for (int i = 0; i < r.steps().size(); i++) {
            out.append("| ").append(i).append(" | ").append(r.steps().get(i).name()).append(" | ")
                    .append(r.steps().get(i).destructive() ? "yes" : "no").append(" | ")
                    .append(r.steps().get(i).skipped() != null ? "skipped as planned: " + r.steps().get(i).skipped()
                            : r.lastEvents().containsKey(i) ? r.lastEvents().get(i).journalName() : "not run")
                    .append(" |\n");
        }
        out.append("\n## Journal\n\n");
        JournaledRollback.Entry previous = null;
        for (JournaledRollback.Entry e : r.entries()) {
            out.append("- ").append(e.at()).append(" ").append(e.step()).append(": ").append(e.event().journalName());
            if (previous != null) {
                out.append(" (+").append(Duration.between(previous.at(), e.at()).toMillis()).append(" ms)");
            }
            if (e.error() != null) {
                out.append(" — ").append(e.error());
            }
            out.append('\n');
            previous = e;
        }
        if (!r.evidence().isEmpty()) {
            out.append("\n## Evidence\n\n");
            r.evidence().forEach(line -> out.append("- ").append(line).append('\n'));
        }
        return out.toString();
    }
}
