package dev.warden.rollback.engine;

import dev.warden.config.StrategyKind;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * A strategy whose plan ends with {@code verify_rollback}: the {@link RollbackVerifier} judges the
 * result, and a rollback that does not pass ends partial instead of succeeded. Steps that give the
 * database back to its clients ({@code lift_read_only.*} of a full rollback) come after it, so a
 * rollback that does not verify keeps writes stopped for a human.
 */
public final class VerifiedStrategy implements RollbackStrategy {
    public static final String STEP = "verify_rollback";
    private static final String GIVES_BACK = "lift_read_only.";

    private final RollbackStrategy strategy;
    private final Step verification;

    public VerifiedStrategy(RollbackStrategy strategy, RollbackVerifier verifier) {
        this.strategy = strategy;
        this.verification = new VerifyRollbackStep(strategy.kind(), verifier);
    }

    @Override
    public StrategyKind kind() {
        return strategy.kind();
    }

    @Override
    public Future<RollbackPlan> plan(RollbackRequest request) {
        return strategy.plan(request).map(plan -> new RollbackPlan(plan.id(), plan.strategy(), plan.request(),
                verified(plan.steps()), plan.impact()));
    }

    @Override
    public List<Step> steps(RollbackRequest request) {
        return verified(strategy.steps(request));
    }

    private List<Step> verified(List<Step> steps) {
        int at = steps.size();
        while (at > 0 && steps.get(at - 1).name().startsWith(GIVES_BACK)) {
            at--;
        }
        List<Step> out = new ArrayList<>(steps);
        out.add(at, verification);
        return out;
    }

    /** Only reads, so it runs again after a restart rather than trusting an earlier answer. */
    private record VerifyRollbackStep(StrategyKind strategy, RollbackVerifier verifier) implements Step {
        @Override
        public String name() {
            return STEP;
        }

        @Override
        public boolean destructive() {
            return false;
        }

        @Override
        public Future<Boolean> done(StepContext context) {
            return Future.succeededFuture(false);
        }

        @Override
        public Future<Void> run(StepContext context) {
            return verifier.verify(strategy, context).compose(verification -> {
                verification.evidence().forEach(context::note);
                return verification.ok() ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new IllegalStateException(verification.summary()));
            });
        }
    }
}
