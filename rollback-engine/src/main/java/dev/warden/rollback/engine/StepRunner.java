package dev.warden.rollback.engine;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one rollback's steps in order, write-ahead: journal, (fence,) done?, run, journal. After a
 * failure only the steps marked {@link Step#runsAfterFailure} still run, unless the fence was lost:
 * then another Warden may own the target and nothing more is done.
 */
final class StepRunner {
    private static final Logger log = LoggerFactory.getLogger(StepRunner.class);

    private final Journal journal;
    private final Fence fence;
    private final StepContext context;
    private final Clock clock;
    private final List<Step> steps;
    private final Map<Integer, StepEvent> earlier;
    private final List<String> evidence = new ArrayList<>();
    private boolean changed;

    /** @param earlier the last journaled event of each step (empty for a new rollback) */
    StepRunner(Journal journal, Fence fence, StepContext context, Clock clock, List<Step> steps,
               Map<Integer, StepEvent> earlier) {
        this.journal = journal;
        this.fence = fence;
        this.context = context;
        this.clock = clock;
        this.steps = List.copyOf(steps);
        this.earlier = Map.copyOf(earlier);
    }

    /** Runs every step not yet done, then journals and returns the outcome. */
    Future<RollbackOutcome> run() {
        return runFrom(0).transform(ran -> ran.succeeded()
                ? finish(RollbackStatus.SUCCEEDED, done())
                : afterFailure(ran.cause()));
    }

    /** "all 14 step(s) done", saying which steps the plan skipped and why when it skipped any. */
    private String done() {
        List<String> skipped = steps.stream().filter(s -> s.skipped().isPresent())
                .map(s -> s.name() + " (" + s.skipped().get() + ")").toList();
        return skipped.isEmpty() ? "all " + steps.size() + " step(s) done"
                : "all " + (steps.size() - skipped.size()) + " step(s) to run done; skipped as planned: "
                        + String.join(", ", skipped);
    }

    /** Records a line of evidence before the steps' own. */
    void note(String line) {
        evidence.add(line);
    }

    /** Ends the rollback without running anything (e.g. a resume that cannot tell). */
    Future<RollbackOutcome> finish(RollbackStatus status, String summary) {
        log.info("Rollback {} of {}: {} ({})", context.rollbackId(), context.request().target(), status.journalName(),
                summary);
        RollbackOutcome outcome = new RollbackOutcome(context.rollbackId(), status, summary, evidence);
        return journal.finish(context.rollbackId(), status, summary, evidence).map(outcome)
                .recover(e -> Future.succeededFuture(new RollbackOutcome(context.rollbackId(), status, summary
                        + "; and the journal could not record it: " + e.getMessage(), evidence)));
    }

    private Future<Void> runFrom(int position) {
        return position == steps.size() ? Future.succeededFuture()
                : runOne(position).compose(v -> runFrom(position + 1));
    }

    private Future<Void> runOne(int position) {
        Step step = steps.get(position);
        if (step.skipped().isPresent()) {
            evidence.add(label(position) + ": skipped as planned: " + step.skipped().get());
            return Future.succeededFuture();
        }
        StepEvent before = earlier.get(position);
        if (before != null && before.completes()) {
            changed |= step.destructive();
            evidence.add(label(position) + ": done before the restart");
            return Future.succeededFuture();
        }
        context.interrupted(before == StepEvent.STARTED);
        Future<Void> fenced = step.destructive()
                ? fence.check().recover(e -> Future.failedFuture(new StepFailure(position, true, e)))
                : Future.succeededFuture();
        return fenced
                .compose(v -> step.done(context).recover(e -> Future.failedFuture(new StepFailure(position, false,
                        new IllegalStateException("could not tell whether its effect is in place: " + e.getMessage(), e)))))
                .compose(done -> done ? skip(position, step) : perform(position, step));
    }

    private Future<Void> skip(int position, Step step) {
        changed |= step.destructive();
        return journal.step(context.rollbackId(), position, step, StepEvent.SKIPPED_ALREADY_DONE, null)
                .onSuccess(v -> evidence.add(label(position) + ": already in place, skipped"))
                .recover(e -> Future.failedFuture(new StepFailure(position, false, e)));
    }

    private Future<Void> perform(int position, Step step) {
        long started = clock.millis();
        return journal.step(context.rollbackId(), position, step, StepEvent.STARTED, null)
                .recover(e -> Future.failedFuture(new StepFailure(position, false, e)))
                .compose(v -> step.run(context).transform(ran -> {
                    context.drainNotes().forEach(note -> evidence.add(label(position) + ": " + note));
                    if (ran.succeeded()) {
                        changed |= step.destructive();
                        evidence.add(label(position) + ": succeeded in " + (clock.millis() - started) + " ms");
                        return journal.step(context.rollbackId(), position, step, StepEvent.SUCCEEDED, null)
                                .recover(e -> Future.failedFuture(new StepFailure(position, false, e)));
                    }
                    String error = String.valueOf(ran.cause().getMessage());
                    evidence.add(label(position) + ": failed: " + error);
                    return journal.step(context.rollbackId(), position, step, StepEvent.FAILED, error)
                            .transform(j -> Future.failedFuture(new StepFailure(position, false, ran.cause())));
                }));
    }

    private Future<RollbackOutcome> afterFailure(Throwable cause) {
        StepFailure failure = cause instanceof StepFailure f ? f : new StepFailure(-1, false, cause);
        RollbackStatus status = changed ? RollbackStatus.PARTIAL : RollbackStatus.FAILED;
        String what = failure.position < 0 ? "the rollback" : label(failure.position);
        String summary = (failure.fenceLost ? "stopped before " + what : what + " failed") + ": "
                + failure.getCause().getMessage();
        Future<Void> cleanup = failure.fenceLost || failure.position < 0 ? Future.succeededFuture()
                : cleanUpFrom(failure.position + 1);
        return cleanup.compose(v -> finish(status, summary));
    }

    /** Runs the clean-up steps after a failure; each one's failure is evidence, not a reason to stop. */
    private Future<Void> cleanUpFrom(int position) {
        if (position >= steps.size()) {
            return Future.succeededFuture();
        }
        if (!steps.get(position).runsAfterFailure()) {
            return cleanUpFrom(position + 1);
        }
        return runOne(position).transform(ran -> {
            if (ran.failed()) {
                evidence.add(label(position) + ": clean-up did not complete: " + ran.cause().getMessage());
                if (ran.cause() instanceof StepFailure f && f.fenceLost) {
                    return Future.succeededFuture();
                }
            }
            return cleanUpFrom(position + 1);
        });
    }

    private String label(int position) {
        return "step " + (position + 1) + " " + steps.get(position).name();
    }

    /** A step that could not run or failed, with where and whether the fence was the reason. */
    private static final class StepFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int position;
        private final boolean fenceLost;

        StepFailure(int position, boolean fenceLost, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.position = position;
            this.fenceLost = fenceLost;
        }
    }
}
