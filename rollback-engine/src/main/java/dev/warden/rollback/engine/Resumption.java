package dev.warden.rollback.engine;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether an interrupted rollback may continue: every step journaled as started but not
 * ended must be able to tell, through {@link Step#done}, whether its effect is in place. A step
 * journaled as failed without the rollback ending, or one that cannot tell, stops it for a human:
 * a destructive step is never repeated blindly.
 */
final class Resumption {
    private final JournaledRollback journaled;
    private final List<Step> steps;
    private final StepContext context;

    Resumption(JournaledRollback journaled, List<Step> steps, StepContext context) {
        this.journaled = journaled;
        this.steps = steps;
        this.context = context;
    }

    /** Empty when the rollback may continue; else why not. */
    Future<Optional<String>> check() {
        List<String> problems = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (Map.Entry<Integer, StepEvent> last : journaled.lastEvents().entrySet()) {
            int position = last.getKey();
            Step step = steps.get(position);
            String label = "step " + (position + 1) + " " + step.name();
            if (last.getValue() == StepEvent.FAILED) {
                problems.add(label + " failed before the restart and the rollback never ended");
            } else if (last.getValue() == StepEvent.STARTED && !step.canTellWhetherDone()) {
                problems.add(label + " was under way when Warden stopped, and its effect leaves no trace that tells"
                        + " whether it is in place");
            } else if (last.getValue() == StepEvent.STARTED) {
                chain = chain.compose(v -> step.done(context)
                        .<Void>map(done -> null)
                        .recover(e -> {
                            problems.add(label + " was under way when Warden stopped and cannot tell whether its effect"
                                    + " is in place (" + e.getMessage() + ")");
                            return Future.succeededFuture();
                        }));
            }
        }
        return chain.map(v -> problems.isEmpty() ? Optional.empty()
                : Optional.of(String.join("; ", problems) + "; nothing was resumed: check the target by hand"));
    }
}
