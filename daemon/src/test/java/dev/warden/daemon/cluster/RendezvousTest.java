package dev.warden.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.daemon.cluster.Rendezvous.Member;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RendezvousTest {
    private static final List<String> TARGETS = IntStream.range(0, 3000).mapToObj(i -> "db-" + i).toList();
    private static final List<Member> THREE = List.of(new Member("warden-0", 1), new Member("warden-1", 1),
            new Member("warden-2", 1));

    @Test
    void shouldGiveTheSameOwnersWhateverOrderTheMembersAreSeenIn() {
        List<Member> shuffled = new ArrayList<>(THREE);
        Collections.reverse(shuffled);

        assertThat(Rendezvous.assign(TARGETS, shuffled)).isEqualTo(Rendezvous.assign(TARGETS, THREE));
        assertThat(Rendezvous.assign(TARGETS, THREE)).hasSize(TARGETS.size());
    }

    @Test
    void shouldKeepTheOwnersOfAKnownExample() {
        // Fixed values: a change of the hash would move targets between nodes of different versions at upgrade.
        assertThat(Rendezvous.assign(List.of("orders", "billing", "shop", "db-0", "db-1", "db-2"), THREE))
                .containsExactly(Map.entry("orders", "warden-2"), Map.entry("billing", "warden-1"),
                        Map.entry("shop", "warden-0"), Map.entry("db-0", "warden-0"), Map.entry("db-1", "warden-1"),
                        Map.entry("db-2", "warden-0"));
    }

    @Test
    void shouldShareTheTargetsAboutEvenly() {
        Map<String, Long> counts = count(Rendezvous.assign(TARGETS, THREE));

        assertThat(counts).hasSize(3);
        counts.values().forEach(n -> assertThat(n).isBetween(900L, 1100L));
    }

    @Test
    void shouldMoveOnlyTheLeavingMembersTargets() {
        Map<String, String> before = Rendezvous.assign(TARGETS, THREE);
        Map<String, String> after = Rendezvous.assign(TARGETS, THREE.subList(0, 2));

        before.forEach((target, owner) -> {
            if (!owner.equals("warden-2")) {
                assertThat(after.get(target)).as(target).isEqualTo(owner);
            } else {
                assertThat(after.get(target)).as(target).isIn("warden-0", "warden-1");
            }
        });
    }

    @Test
    void shouldGiveAJoiningMemberAboutItsShareAndMoveNothingElse() {
        Map<String, String> before = Rendezvous.assign(TARGETS, THREE);
        List<Member> four = new ArrayList<>(THREE);
        four.add(new Member("warden-3", 1));
        Map<String, String> after = Rendezvous.assign(TARGETS, four);

        long moved = TARGETS.stream().filter(t -> !before.get(t).equals(after.get(t))).count();
        TARGETS.stream().filter(t -> !before.get(t).equals(after.get(t)))
                .forEach(t -> assertThat(after.get(t)).as(t).isEqualTo("warden-3"));
        assertThat(moved).as("about a quarter of 3000").isBetween(650L, 850L);
    }

    @Test
    void shouldGiveAHeavierMemberProportionallyMore() {
        List<Member> weighted = List.of(new Member("warden-0", 1), new Member("warden-1", 1), new Member("warden-2", 2));

        Map<String, Long> counts = count(Rendezvous.assign(TARGETS, weighted));

        assertThat(counts.get("warden-2")).as("half of 3000").isBetween(1350L, 1650L);
        assertThat(counts.get("warden-0")).as("a quarter of 3000").isBetween(650L, 850L);
    }

    @Test
    void shouldOwnNothingWithoutMembers() {
        assertThat(Rendezvous.assign(TARGETS, List.of())).isEmpty();
        assertThat(Rendezvous.owner("orders", List.of(new Member("only", 1)))).contains("only");
    }

    private static Map<String, Long> count(Map<String, String> owners) {
        return owners.values().stream().collect(java.util.stream.Collectors.groupingBy(o -> o,
                java.util.stream.Collectors.counting()));
    }
}
