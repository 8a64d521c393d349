/**
 * The check SPI: a {@link dev.warden.checks.Check} observes a target through a
 * {@link dev.warden.checks.CheckContext} (pool, clock, Vert.x, baseline) and returns a
 * {@link dev.warden.checks.CheckResult}: OK, BREACH (with issue type, severity and evidence) or
 * INCONCLUSIVE. {@link dev.warden.checks.CheckRunner} bounds a run in time and turns every failure
 * into an inconclusive result: a check that could not run is never a breach. The built-in checks are
 * in {@code dev.warden.checks.builtin}; the observations they build on in {@code .schema},
 * {@code .rows} and {@code .migrations}.
 */
package dev.warden.checks;
