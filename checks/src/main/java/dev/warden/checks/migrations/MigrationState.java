package dev.warden.checks.migrations;

/**
 * Where one migration stands, in the words every tool can be mapped to. There is no PENDING: no
 * supported tool records a migration before it starts (pending files live in the repository, not in
 * the database), so Warden cannot see one.
 */
public enum MigrationState {
    /** Ran to the end (or was baselined, marked as ran, or merged). */
    APPLIED,
    /** The tool recorded a failure. */
    FAILED,
    /** Started and not finished yet; a crash can leave a row in this state for good. */
    RUNNING,
    /** Undone by the tool (a down/undo migration, a revert, a rolled-back mark). */
    ROLLED_BACK,
    /** golang-migrate's dirty flag: the migration started and never cleared it (running, or failed half-way). */
    DIRTY
}
