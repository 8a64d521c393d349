package dev.warden.rollback.engine;

import io.vertx.core.Future;
import java.util.function.Function;

/** Steps made of functions, for strategies whose steps are one statement each. */
public final class Steps {
    private Steps() {
    }

    public static Step of(String name, boolean destructive, Function<StepContext, Future<Void>> run,
                          Function<StepContext, Future<Boolean>> done) {
        return new FunctionStep(name, destructive, false, run, done);
    }

    /** Like {@link #of}, and also run after an earlier step failed. */
    public static Step always(String name, boolean destructive, Function<StepContext, Future<Void>> run,
                              Function<StepContext, Future<Boolean>> done) {
        return new FunctionStep(name, destructive, true, run, done);
    }

    private record FunctionStep(String name, boolean destructive, boolean runsAfterFailure,
                                Function<StepContext, Future<Void>> work,
                                Function<StepContext, Future<Boolean>> check) implements Step {
        @Override
        public Future<Void> run(StepContext context) {
            return work.apply(context);
        }

        @Override
        public Future<Boolean> done(StepContext context) {
            return check.apply(context);
        }
    }
}
