package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.config.CanaryQuery;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code canary_queries}: the application's critical queries, one after another (see {@link CanaryRun}).
 * An error or a wrong result is QUERY_ERRORS, HIGH; only slowness is PERFORMANCE_DEGRADATION, MEDIUM;
 * a canary that could not run makes the result inconclusive when nothing else is wrong.
 */
public final class CanaryQueriesCheck extends BuiltInCheck {
    public static final String NAME = "canary_queries";

    private final List<CanaryQuery> canaries;
    private final Map<String, Set<Long>> relationsByCanary = new ConcurrentHashMap<>();

    public CanaryQueriesCheck(List<CanaryQuery> canaries) {
        super(NAME);
        this.canaries = List.copyOf(canaries);
    }

    @Override
    public Future<CheckResult> run(CheckContext context) {
        Future<List<CanaryOutcome>> chain = Future.succeededFuture(new ArrayList<>());
        for (CanaryQuery canary : canaries) {
            chain = chain.compose(done -> CanaryRun.run(context.pool(), canary,
                    relationsByCanary.getOrDefault(canary.name(), Set.of())).map(outcome -> {
                        if (!outcome.relations().isEmpty()) {
                            relationsByCanary.put(canary.name(), outcome.relations());
                        }
                        done.add(outcome);
                        return done;
                    }));
        }
        return chain.map(outcomes -> judge(context, outcomes));
    }

    private static CheckResult judge(CheckContext context, List<CanaryOutcome> outcomes) {
        Map<String, Object> evidence = Evidence.of("canaries", outcomes.stream().map(CanaryOutcome::toEvidence).toList());
        List<CanaryOutcome> failing = with(outcomes, CanaryOutcome.Kind.ERROR, CanaryOutcome.Kind.WRONG_RESULT);
        if (!failing.isEmpty()) {
            return CheckResult.breach(NAME, context.now(), IssueType.QUERY_ERRORS, Severity.HIGH,
                    summary(failing), evidence);
        }
        List<CanaryOutcome> slow = with(outcomes, CanaryOutcome.Kind.SLOW);
        if (!slow.isEmpty()) {
            return CheckResult.breach(NAME, context.now(), IssueType.PERFORMANCE_DEGRADATION, Severity.MEDIUM,
                    summary(slow), evidence);
        }
        List<CanaryOutcome> skipped = with(outcomes, CanaryOutcome.Kind.SKIPPED);
        if (!skipped.isEmpty()) {
            return CheckResult.inconclusive(NAME, context.now(), summary(skipped), evidence);
        }
        return CheckResult.ok(NAME, context.now(), outcomes.size() + " canary queries answered as expected", evidence);
    }

    private static List<CanaryOutcome> with(List<CanaryOutcome> outcomes, CanaryOutcome.Kind... kinds) {
        List<CanaryOutcome.Kind> wanted = List.of(kinds);
        return outcomes.stream().filter(o -> wanted.contains(o.kind())).toList();
    }

    private static String summary(List<CanaryOutcome> outcomes) {
        CanaryOutcome first = outcomes.get(0);
        return "canary " + first.name() + " " + first.kind().name().toLowerCase().replace('_', ' ') + ": " + first.detail()
                + (outcomes.size() > 1 ? " (and " + (outcomes.size() - 1) + " more)" : "");
    }
}
