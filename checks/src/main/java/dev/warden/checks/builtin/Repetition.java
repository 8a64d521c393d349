package dev.warden.checks.builtin;

/**
 * Whether checks run on schedules, cycle after cycle (the daemon), or once ({@code warden check --once}):
 * a check that prepares for later cycles, such as migration_duration's schema read before a migration
 * starts, skips that work when there is no later cycle. Results of the run itself are the same.
 */
public enum Repetition {
    CYCLES,
    ONCE
}
