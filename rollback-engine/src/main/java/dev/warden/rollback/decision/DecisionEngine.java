package dev.warden.rollback.decision;

import dev.warden.checks.CheckResult;
import dev.warden.config.DecisionRule;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns check results into decisions. Each check on each target keeps a streak of breaches in a
 * row: an OK ends it; an inconclusive result neither extends nor ends it (a check that could not run
 * says nothing either way). When the streak reaches its rule's {@code breaches_in_a_row}, a decision
 * is made and the streak starts over. A rule's cooldown holds within one incident: a decision of the
 * same rule in the same incident before it runs out is not acted on, and a new incident is.
 */
public final class DecisionEngine {
    private final Function<String, DecisionMatrix> matrices;
    private final Clock clock;
    private final Map<String, Streak> streaks = new HashMap<>();
    private final Map<String, Decision> lastActed = new HashMap<>();

    /** One matrix for every target. */
    public DecisionEngine(DecisionMatrix matrix, Clock clock) {
        this(target -> matrix, clock);
    }

    /** @param matrices each target's matrix, as that target can carry it out */
    public DecisionEngine(Function<String, DecisionMatrix> matrices, Clock clock) {
        this.matrices = matrices;
        this.clock = clock;
    }

    /**
     * Feeds one result of one check on one target; returns the decision it completes, if any, unless
     * the rule is cooling down (then nothing is returned: the decider's {@link #assess} says so instead).
     */
    public synchronized Optional<Decision> observe(String target, CheckResult result) {
        Optional<Decision> decision = assess(target, result);
        if (decision.isEmpty() || cooldownUntil(decision.get()).isPresent()) {
            return Optional.empty();
        }
        acted(decision.get());
        return decision;
    }

    /** Feeds one result; returns the decision a completed streak makes, cooling down or not. */
    public synchronized Optional<Decision> assess(String target, CheckResult result) {
        String streakKey = target + "/" + result.check();
        switch (result.status()) {
            case OK -> {
                streaks.remove(streakKey);
                return Optional.empty();
            }
            case INCONCLUSIVE -> {
                return Optional.empty();
            }
            default -> {
                Streak streak = streaks.computeIfAbsent(streakKey, k -> new Streak(result));
                streak.add(result);
                DecisionMatrix matrix = matrices.apply(target);
                Optional<DecisionRule> rule = matrix.ruleFor(result.issue(), result.severity());
                if (rule.isEmpty() || streak.length() < rule.get().breachesInARow()) {
                    return Optional.empty();
                }
                streaks.remove(streakKey);
                return Optional.of(decide(target, rule.get(), matrix.fallbackNote(rule.get()), streak));
            }
        }
    }

    /**
     * The decision a single breach makes at once, without a streak, with {@code context} leading its
     * reasoning: for a breach that is one observation by nature (a migration's verdict). Empty when no
     * rule of the target's matrix answers the breach's issue and severity.
     */
    public synchronized Optional<Decision> decideAtOnce(String target, CheckResult breach, List<String> context) {
        if (!breach.isBreach()) {
            return Optional.empty();
        }
        DecisionMatrix matrix = matrices.apply(target);
        Streak single = new Streak(breach);
        single.add(breach);
        return matrix.ruleFor(breach.issue(), breach.severity()).map(rule -> {
            Decision decided = decide(target, rule, matrix.fallbackNote(rule), single);
            List<String> reasoning = new ArrayList<>(context);
            reasoning.addAll(decided.reasoning());
            return new Decision(decided.id(), target, breach.check(), breach.issue(), breach.severity(),
                    decided.strategy(), decided.mode(), decided.timeBudget(), decided.firstBreachAt(),
                    decided.decidedAt(), decided.streak(), reasoning);
        });
    }

    /**
     * Until when the decision's rule is cooling down: only after a decision of the same rule on the
     * same target that was acted on in the same incident.
     */
    public synchronized Optional<Instant> cooldownUntil(Decision decision) {
        return ruleOf(decision).flatMap(rule -> {
            Decision last = lastActed.get(cooldownKey(decision.target(), rule));
            if (last == null || !Objects.equals(last.incidentId(), decision.incidentId())) {
                return Optional.empty();
            }
            Instant until = last.decidedAt().plus(rule.cooldown());
            return clock.instant().isBefore(until) ? Optional.of(until) : Optional.empty();
        });
    }

    /** Records that {@code decision} was acted on: its rule cools down within its incident from now. */
    public synchronized void acted(Decision decision) {
        remember(decision);
    }

    /** Tells the engine about a decision made before a restart, so that its cooldown still holds. */
    public synchronized void remember(Decision earlier) {
        ruleOf(earlier).ifPresent(rule -> lastActed.merge(cooldownKey(earlier.target(), rule), earlier,
                (a, b) -> a.decidedAt().isAfter(b.decidedAt()) ? a : b));
    }

    /**
     * Takes back {@code withdrawn}'s cooldown (a decision given up after a restart because it no longer
     * applied): a later breach in its incident is decided on afresh.
     */
    public synchronized void forget(Decision withdrawn) {
        ruleOf(withdrawn).ifPresent(rule -> lastActed.computeIfPresent(cooldownKey(withdrawn.target(), rule),
                (key, last) -> last.id().equals(withdrawn.id()) ? null : last));
    }

    private Optional<DecisionRule> ruleOf(Decision decision) {
        return matrices.apply(decision.target()).ruleFor(decision.issue(), decision.severity());
    }

    private Decision decide(String target, DecisionRule rule, Optional<String> fallback, Streak streak) {
        CheckResult latest = streak.latest();
        int length = streak.length();
        List<String> reasoning = new ArrayList<>();
        reasoning.add("rule: " + name(rule.issue()) + "/" + name(rule.severity()) + " -> " + name(rule.strategy())
                + " in " + name(rule.mode()) + " mode, after " + rule.breachesInARow() + " breach(es) in a row, budget "
                + rule.timeBudget().toSeconds() + " s");
        fallback.ifPresent(reasoning::add);
        reasoning.add("streak: " + length + " breach(es) in a row of " + latest.check() + " on " + target);
        for (CheckResult breach : streak.remembered()) {
            reasoning.add(breach.at() + " " + breach.check() + " " + name(breach.severity()) + " " + name(breach.issue())
                    + ": " + breach.summary());
        }
        return new Decision(UUID.randomUUID().toString(), target, latest.check(), latest.issue(), latest.severity(),
                rule.strategy(), rule.mode(), rule.timeBudget(), streak.first().at(), clock.instant(), length, reasoning);
    }

    private static String cooldownKey(String target, DecisionRule rule) {
        return target + "/" + rule.issue() + "/" + rule.severity();
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase();
    }
}
