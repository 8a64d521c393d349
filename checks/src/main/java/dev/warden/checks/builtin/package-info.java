/**
 * The built-in checks: {@code row_count_drift}, {@code lock_waits}, {@code migration_duration},
 * {@code schema_drift}, {@code corruption}, {@code canary_queries} and {@code http_health}, each
 * configured per target ({@code targets[].checks}); {@link dev.warden.checks.builtin.BuiltInChecks}
 * builds those a target enables. Every check only reads, never queues behind a migration's lock, and
 * leaves "could not tell" to {@link dev.warden.checks.CheckRunner} as an inconclusive result.
 */
package dev.warden.checks.builtin;
