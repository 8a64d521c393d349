package dev.warden.rollback.strategy;

import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import io.vertx.core.Future;
import java.util.List;

/**
 * A component strategy's step inside a composed plan, named {@code <prefix>.<step>}
 * ({@code branch_swap.terminate_sessions}), so that steps of different strategies with the same
 * name stay apart in the journal. Everything else is the step's own.
 */
record PrefixedStep(String prefix, Step step) implements Step {

    static List<Step> all(String prefix, List<Step> steps) {
        return steps.stream().<Step>map(step -> new PrefixedStep(prefix, step)).toList();
    }

    @Override
    public String name() {
        return prefix + "." + step.name();
    }

    @Override
    public boolean destructive() {
        return step.destructive();
    }

    @Override
    public Future<Void> run(StepContext context) {
        return step.run(context);
    }

    @Override
    public Future<Boolean> done(StepContext context) {
        return step.done(context);
    }

    @Override
    public boolean canTellWhetherDone() {
        return step.canTellWhetherDone();
    }

    @Override
    public boolean runsAfterFailure() {
        return step.runsAfterFailure();
    }
}
