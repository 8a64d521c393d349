package dev.warden.bench;

import dev.warden.testing.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rollback as the journal in the state database recorded it ({@code warden.rollbacks} and
 * {@code warden.rollback_steps}): when it was planned, started and finished, and when each step
 * started and ended. The times are the ones Warden's clock gave the journal.
 */
record JournalTimes(String id, String status, Instant plannedAt, Instant startedAt, Instant finishedAt,
                    List<StepTimes> steps) {

    /**
     * One step: its first {@code started} event (null when the step found its effect already in
     * place and was journaled {@code skipped_already_done} without starting) and its last event.
     */
    record StepTimes(int position, String name, Instant started, Instant ended, String lastEvent) {
        boolean skipped() {
            return "skipped_already_done".equals(lastEvent);
        }
    }

    private static final String ROLLBACK = "SELECT id, status, planned_at, started_at, finished_at FROM warden.rollbacks";
    private static final String STEPS = "SELECT position, name, min(at) FILTER (WHERE event = 'started'),"
            + " max(at) FILTER (WHERE event <> 'started'), (array_agg(event ORDER BY seq DESC))[1]"
            + " FROM warden.rollback_steps WHERE rollback_id = ? GROUP BY position, name ORDER BY position";

    /** When the first step was journaled as started. */
    Instant firstStepStarted() {
        return steps.get(0).started();
    }

    /** The rollback made for a decision, once its first step has been journaled as started. */
    static Optional<JournalTimes> ofDecision(Sql state, String decisionId) {
        return find(state, ROLLBACK + " WHERE decision_id = ?", decisionId);
    }

    /** The newest rollback of a target, once its first step has been journaled as started. */
    static Optional<JournalTimes> ofTarget(Sql state, String target) {
        return find(state, ROLLBACK + " WHERE target = ? ORDER BY planned_at DESC LIMIT 1", target);
    }

    static JournalTimes of(Sql state, String rollbackId) {
        return find(state, ROLLBACK + " WHERE id = ?", rollbackId)
                .orElseThrow(() -> new IllegalStateException("rollback " + rollbackId + " has no started step"));
    }

    private static Optional<JournalTimes> find(Sql state, String query, String key) {
        try (Connection c = state.connect(); PreparedStatement rollback = c.prepareStatement(query)) {
            rollback.setString(1, key);
            try (ResultSet row = rollback.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                List<StepTimes> steps = steps(c, row.getString(1));
                if (steps.isEmpty() || steps.get(0).started() == null) {
                    return Optional.empty();
                }
                return Optional.of(new JournalTimes(row.getString(1), row.getString(2), instant(row, 3), instant(row, 4),
                        instant(row, 5), steps));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the rollback journal: " + e.getMessage(), e);
        }
    }

    private static List<StepTimes> steps(Connection c, String rollbackId) throws SQLException {
        try (PreparedStatement steps = c.prepareStatement(STEPS)) {
            steps.setString(1, rollbackId);
            try (ResultSet row = steps.executeQuery()) {
                List<StepTimes> out = new ArrayList<>();
                while (row.next()) {
                    out.add(new StepTimes(row.getInt(1), row.getString(2), instant(row, 3), instant(row, 4),
                            row.getString(5)));
                }
                return out;
            }
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
