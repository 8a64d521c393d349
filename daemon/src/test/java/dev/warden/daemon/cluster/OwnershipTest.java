package dev.warden.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.daemon.cluster.Rendezvous.Member;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ownership follows the members: gains and losses are exactly the differences rendezvous hashing gives. */
class OwnershipTest {
    private static final List<String> TARGETS = IntStream.range(0, 60).mapToObj(i -> "t" + i).toList();
    private static final Member A = new Member("a", 1);
    private static final Member B = new Member("b", 1);
    private static final Member C = new Member("c", 1);

    private final Vertx vertx = Vertx.vertx();
    private final Members members = new Members();
    private final Recorder handover = new Recorder();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void shouldStartWhatThisNodeOwnsAndTakeOverOnlyWhatALeavingMemberHad() {
        members.set(List.of(A, B, C));
        Ownership ownership = new Ownership(vertx.getOrCreateContext(), members, TARGETS, handover);
        ownership.start();
        Set<String> first = owned(List.of(A, B, C));
        await().atMost(Duration.ofSeconds(10)).until(() -> handover.watching().equals(first));
        assertThat(handover.lost).isEmpty();
        assertThat(ownership.members()).containsExactly("a", "b", "c");

        members.change(List.of(A, B));

        Set<String> second = owned(List.of(A, B));
        await().atMost(Duration.ofSeconds(10)).until(() -> handover.watching().equals(second));
        assertThat(handover.lost).as("a keeps everything it had").isEmpty();
        assertThat(second).containsAll(first);
        TARGETS.forEach(t -> assertThat(ownership.owner(t)).isEqualTo(Rendezvous.owner(t, List.of(A, B))));
    }

    @Test
    void shouldHandBackWhatAJoiningMemberNowOwns() {
        members.set(List.of(A));
        Ownership ownership = new Ownership(vertx.getOrCreateContext(), members, TARGETS, handover);
        ownership.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> handover.watching().size() == TARGETS.size());

        members.change(List.of(A, B));

        Set<String> kept = owned(List.of(A, B));
        await().atMost(Duration.ofSeconds(10)).until(() -> handover.watching().equals(kept));
        assertThat(Set.copyOf(handover.lost)).isEqualTo(TARGETS.stream().filter(t -> !kept.contains(t))
                .collect(Collectors.toSet()));
        assertThat(ownership.watching(kept.iterator().next())).isTrue();
    }

    @Test
    void shouldOwnNothingForAWhileAfterAFreezeThenTakeItsShareAgain() {
        members.set(List.of(A, B));
        Ownership ownership = new Ownership(vertx.getOrCreateContext(), members, TARGETS, handover);
        ownership.start();
        Set<String> share = owned(List.of(A, B));
        await().atMost(Duration.ofSeconds(10)).until(() -> handover.watching().equals(share));

        vertx.runOnContext(v -> ownership.stepBack(Duration.ofSeconds(6), Duration.ofMillis(500)));

        await().atMost(Duration.ofSeconds(10)).until(() -> handover.lost.size() == share.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> handover.watching().equals(share));
        assertThat(handover.gained).hasSize(2 * share.size());
    }

    @Test
    void shouldTryAgainATargetThatFailedToStart() {
        members.set(List.of(A));
        handover.failFirstGainOf("t7");
        Ownership ownership = new Ownership(vertx.getOrCreateContext(), members, TARGETS, handover);
        ownership.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> handover.watching().size() == TARGETS.size());
        assertThat(handover.gained.stream().filter("t7"::equals).count()).as("failed once, then started").isEqualTo(2);
        assertThat(ownership.watching("t7")).isTrue();
    }

    private static Set<String> owned(List<Member> live) {
        return Rendezvous.assign(TARGETS, live).entrySet().stream().filter(e -> e.getValue().equals("a"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** This node is "a"; the test changes who else is alive. */
    private static final class Members implements Membership {
        private volatile List<Member> live = List.of();
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

        void set(List<Member> members) {
            live = List.copyOf(members);
        }

        void change(List<Member> members) {
            set(members);
            listeners.forEach(Runnable::run);
        }

        @Override
        public String self() {
            return "a";
        }

        @Override
        public List<Member> members() {
            return live;
        }

        @Override
        public void onChange(Runnable listener) {
            listeners.add(listener);
        }
    }

    private static final class Recorder implements Ownership.Handover {
        final List<String> gained = new CopyOnWriteArrayList<>();
        final List<String> lost = new CopyOnWriteArrayList<>();
        private final Set<String> watching = ConcurrentHashMap.newKeySet();
        private final Set<String> failOnce = ConcurrentHashMap.newKeySet();

        void failFirstGainOf(String target) {
            failOnce.add(target);
        }

        Set<String> watching() {
            return Set.copyOf(watching);
        }

        @Override
        public Future<Void> gain(String target) {
            gained.add(target);
            if (failOnce.remove(target)) {
                return Future.failedFuture("deploying the verticle failed");
            }
            watching.add(target);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> lose(String target) {
            lost.add(target);
            watching.remove(target);
            return Future.succeededFuture();
        }
    }
}
