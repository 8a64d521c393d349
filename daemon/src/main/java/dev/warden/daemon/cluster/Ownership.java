package dev.warden.daemon.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which targets this node owns, recomputed from the live members on every membership change, and
 * carried out: targets lost are stopped first, then targets gained are started. Changes are applied
 * one round at a time on one Vert.x context; a round always works towards the latest assignment, so
 * a burst of membership events costs one round, not one each.
 */
public final class Ownership implements ClusterView {
    private static final Logger log = LoggerFactory.getLogger(Ownership.class);

    /** What owning a target means: start watching it, or stop. */
    public interface Handover {
        Future<Void> gain(String target);

        Future<Void> lose(String target);
    }

    private final Context context;
    private final Membership membership;
    private final List<String> targets;
    private final Handover handover;
    private volatile Assignment assignment = new Assignment(List.of(), Map.of());
    /** Targets whose watch is started: changed on the context, read from anywhere. */
    private final Set<String> watching = ConcurrentHashMap.newKeySet();
    private Future<Void> round = Future.succeededFuture();
    private boolean roundQueued;
    /** After a freeze of this process: own nothing until then (System.nanoTime), see {@link #stepBack}. */
    private long steppedBackUntil;
    private boolean steppedBack;

    private record Assignment(List<String> members, Map<String, String> owners) {
    }

    /** How soon a target that failed to start is tried again, membership change or not. */
    private static final long RETRY_MILLIS = 1000;

    Ownership(Context context, Membership membership, List<String> targets, Handover handover) {
        this.context = context;
        this.membership = membership;
        this.targets = List.copyOf(targets);
        this.handover = handover;
    }

    /** Computes the first assignment and follows every membership change from now on. */
    void start() {
        membership.onChange(() -> context.runOnContext(v -> recompute()));
        context.runOnContext(v -> recompute());
    }

    /**
     * This process was frozen for {@code hang}: the others have dropped it and watch its targets, and the
     * member list here is stale until Hazelcast notices (one timeout) and merges back (one merge round).
     * Owns nothing for {@code pause}, then recomputes from the members seen then.
     */
    void stepBack(Duration hang, Duration pause) {
        log.warn("This node ({}) was frozen for {} ms: it stops watching its targets for {} s, the other nodes"
                + " have them", node(), hang.toMillis(), pause.toSeconds());
        steppedBack = true;
        steppedBackUntil = System.nanoTime() + pause.toNanos();
        context.owner().setTimer(pause.toMillis(), id -> {
            if (System.nanoTime() - steppedBackUntil >= 0) {
                steppedBack = false;
                log.info("Node {} takes its share again", node());
                recompute();
            }
        });
        recompute();
    }

    private void recompute() {
        List<Rendezvous.Member> members = membership.members();
        Map<String, String> owners = Rendezvous.assign(targets, members);
        List<String> names = members.stream().map(Rendezvous.Member::name).sorted().toList();
        boolean same = names.equals(assignment.members());
        assignment = new Assignment(names, owners);
        if (!same) {
            log.info("Cluster members: {}; {} owns {} of {} targets", names, node(),
                    owners.values().stream().filter(node()::equals).count(), targets.size());
        }
        if (!roundQueued) {
            roundQueued = true;
            round = round.eventually(() -> {
                roundQueued = false;
                return reconcile();
            });
        }
    }

    /** Stops what is no longer ours, then starts what is; every target's outcome is logged. */
    private Future<Void> reconcile() {
        Map<String, String> owners = assignment.owners();
        List<String> lost = new ArrayList<>();
        List<String> gained = new ArrayList<>();
        for (String target : targets) {
            boolean ours = !steppedBack && node().equals(owners.get(target));
            if (!ours && watching.contains(target)) {
                lost.add(target);
            } else if (ours && !watching.contains(target)) {
                gained.add(target);
            }
        }
        if (lost.isEmpty() && gained.isEmpty()) {
            return Future.succeededFuture();
        }
        String why = steppedBack ? "this node stepped back after a freeze" : null;
        List<Future<Void>> stops = lost.stream().map(target -> handover.lose(target)
                .onComplete(done -> watching.remove(target))
                .onSuccess(v -> log.info("Stopped watching {}: {}", target,
                        why != null ? why : "now owned by " + owners.get(target)))
                .onFailure(e -> log.warn("Stopping {} failed: {}", target, e.getMessage()))).toList();
        return Future.join(stops).transform(v -> {
            List<Future<Void>> starts = gained.stream().map(target -> handover.gain(target)
                    .onSuccess(done -> {
                        watching.add(target);
                        log.info("Watching {}: this node ({}) owns it now", target, node());
                    })
                    .onFailure(e -> log.warn("Starting {} failed (tried again in {} ms): {}", target, RETRY_MILLIS,
                            e.getMessage()))).toList();
            return Future.join(starts).<Void>mapEmpty().onFailure(e ->
                    context.owner().setTimer(RETRY_MILLIS, id -> recompute()));
        }).otherwiseEmpty();
    }

    @Override
    public String node() {
        return membership.self();
    }

    @Override
    public List<String> members() {
        return assignment.members();
    }

    @Override
    public Optional<String> owner(String target) {
        return Optional.ofNullable(assignment.owners().get(target));
    }

    /** Whether this node watches {@code target} now (it started it and has not stopped it). */
    public boolean watching(String target) {
        return watching.contains(target);
    }

    public List<String> targets() {
        return targets;
    }
}
