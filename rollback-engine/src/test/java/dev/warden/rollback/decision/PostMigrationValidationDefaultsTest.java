package dev.warden.rollback.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.config.DecisionRule;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import org.junit.jupiter.api.Test;

/**
 * The post-migration validations report states a human repairs in one statement (REINDEX CONCURRENTLY,
 * VALIDATE CONSTRAINT, setval): the default matrix has no rule for their cells, so they alert and never
 * roll a database back, while the cells just above them still act.
 */
class PostMigrationValidationDefaultsTest {
    private final DecisionMatrix defaults = new DecisionMatrix(DecisionRule.DEFAULTS);

    @Test
    void shouldLeaveInvalidIndexesNotValidConstraintsAndLaggingSequencesToAHuman() {
        assertThat(defaults.ruleFor(IssueType.SCHEMA_MISMATCH, Severity.MEDIUM)).as("invalid_indexes").isEmpty();
        assertThat(defaults.ruleFor(IssueType.DATA_CORRUPTION, Severity.LOW)).as("not_valid_constraints").isEmpty();
        assertThat(defaults.ruleFor(IssueType.QUERY_ERRORS, Severity.MEDIUM)).as("lagging_sequences").isEmpty();
        assertThat(defaults.ruleFor(IssueType.SCHEMA_MISMATCH, Severity.HIGH)).isPresent();
        assertThat(defaults.ruleFor(IssueType.QUERY_ERRORS, Severity.HIGH)).isPresent();
    }
}
