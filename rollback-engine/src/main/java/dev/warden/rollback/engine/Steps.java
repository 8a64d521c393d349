package dev.warden.rollback.engine;

import io.vertx.core.Future;
import java.util.Optional;
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

    /** A step the plan lists and never runs, saying {@code why}: it changes nothing and is journaled as planned. */
    public static Step skipped(String name, String why) {
        return new SkippedStep(name, why);
    }

    private record SkippedStep(String name, String why) implements Step {
        @Override
        public boolean destructive() {
            return false;
        }

        @Override
        public Future<Void> run(StepContext context) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Boolean> done(StepContext context) {
            return Future.succeededFuture(false);
        }

        @Override
        public Optional<String> skipped() {
            return Optional.of(why);
        }
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
