package dev.warden.checks.builtin;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One run of the corruption check over the relations: a page of relations at a time in oid order from
 * where the {@link Rotation} stands, one relation verified at a time, until the time budget is spent or
 * the last relation is reached (which completes a pass; the next run starts the next one).
 *
 * <p>The walk is a loop, not a chain of futures: each step starts when the previous query completes,
 * on a fresh stack, and the run's one promise is completed at the end. Neither the stack nor the
 * number of pending futures grows with the number of relations; one future composed per relation
 * overflowed the stack at 30,000 relations (issue 12). Skipping a locked relation costs no query, so
 * those are passed over inside the loop rather than through a completed future.
 */
final class RelationWalk {
    static final int PAGE_SIZE = 100;
    /** The first statement of a run gets at least this long, so that a tiny budget still makes progress. */
    private static final Duration FIRST_STATEMENT_LIMIT = Duration.ofMillis(100);

    private final SqlClient client;
    private final Amcheck amcheck;
    private final Rotation rotation;
    private final Clock clock;
    private final long deadline;
    private final long resumedAfter;
    private final Promise<Walked> finished = Promise.promise();
    private final List<Verification> done = new ArrayList<>();
    private List<VerifiableRelation> page = List.of();
    private int next;
    private int statements;
    private boolean passCompleted;

    private RelationWalk(SqlClient client, Amcheck amcheck, Rotation rotation, Clock clock, long deadline) {
        this.client = client;
        this.amcheck = amcheck;
        this.rotation = rotation;
        this.clock = clock;
        this.deadline = deadline;
        this.resumedAfter = rotation.cursor();
    }

    /** Walks until {@code deadlineNanos} ({@link System#nanoTime()}); the rotation moves as relations are passed. */
    static Future<Walked> walk(SqlClient client, Amcheck amcheck, Rotation rotation, Clock clock, long deadlineNanos) {
        RelationWalk walk = new RelationWalk(client, amcheck, rotation, clock, deadlineNanos);
        walk.fetchPageAfter(walk.resumedAfter);
        return walk.finished.future();
    }

    private void fetchPageAfter(long oid) {
        then(VerifiableRelation.page(client, amcheck.heapCheck(), oid, PAGE_SIZE), relations -> {
            page = relations;
            next = 0;
            step();
        });
    }

    private void step() {
        while (next < page.size()) {
            long remaining = deadline - System.nanoTime();
            if (!done.isEmpty() && remaining <= 0) {
                finish();
                return;
            }
            VerifiableRelation relation = page.get(next++);
            if (relation.locked()) {
                pass(Verification.skippedLocked(relation));
                continue;
            }
            Duration limit = statements == 0 ? Duration.ofNanos(Math.max(remaining, FIRST_STATEMENT_LIMIT.toNanos()))
                    : Duration.ofMillis(Math.max(1, Duration.ofNanos(remaining).toMillis()));
            statements++;
            then(RelationVerifier.verify(client, amcheck, relation, limit), this::verified);
            return;
        }
        if (page.size() == PAGE_SIZE && deadline - System.nanoTime() <= 0) {
            finish(); // no page is read that this run has no time left to verify
        } else if (page.size() == PAGE_SIZE) {
            fetchPageAfter(page.get(PAGE_SIZE - 1).oid());
        } else {
            rotation.passCompleted(clock.instant());
            passCompleted = true;
            finish();
        }
    }

    private void verified(Verification verification) {
        if (verification.outcome() == Verification.Outcome.TIMED_OUT && statements > 1) {
            // Cut short by what was left of the budget: the next run starts with it, with the whole budget.
            finish();
            return;
        }
        pass(verification);
        step();
    }

    private void pass(Verification verification) {
        done.add(verification);
        rotation.passed(verification.relation().oid());
    }

    private void finish() {
        finished.tryComplete(new Walked(List.copyOf(done), resumedAfter, passCompleted));
    }

    /** Runs {@code next} with the result; a failure, or an exception thrown by {@code next}, fails the walk. */
    private <T> void then(Future<T> future, Consumer<T> next) {
        future.onComplete(outcome -> {
            if (outcome.failed()) {
                finished.tryFail(outcome.cause());
                return;
            }
            try {
                next.accept(outcome.result());
            } catch (RuntimeException e) {
                finished.tryFail(e);
            }
        });
    }

    /**
     * @param verifications the relations this run got through, in oid order
     * @param resumedAfter  the oid this run started after (0: from the first relation)
     * @param passCompleted whether this run reached the last relation, completing a full pass
     */
    record Walked(List<Verification> verifications, long resumedAfter, boolean passCompleted) {
        /** The oid of the last relation this run got through; where the next run resumes unless the pass completed. */
        long stoppedAt() {
            return verifications.isEmpty() ? resumedAfter : verifications.get(verifications.size() - 1).relation().oid();
        }
    }
}
