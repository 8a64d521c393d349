package dev.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cluster benchmark's reading of its nodes: when a dead node's targets count as taken over (the
 * end of a failover it times) and when the cluster counts as settled.
 */
class NodeViewTest {
    private static final List<String> SURVIVORS = List.of("node-1", "node-2");

    @Test
    void shouldReadMembersOwnersAndWatchedTargets() {
        String targets = """
                {"cluster": {"node": "node-1", "members": ["node-2", "node-1"]},
                 "targets": [{"name": "a", "owner": "node-1"}, {"name": "b", "owner": "node-2"}, {"name": "c", "owner": null}]}
                """;
        String metrics = """
                # TYPE warden_target_owned gauge
                warden_target_owned{target="a"} 1.0
                warden_target_owned{target="b"} 0.0
                warden_target_up{target="a"} 1.0
                """;

        NodeView view = NodeView.parse(targets, metrics);

        assertThat(view.members()).containsExactly("node-1", "node-2");
        assertThat(view.owners()).containsEntry("a", "node-1").containsEntry("b", "node-2").containsEntry("c", null);
        assertThat(view.watching()).containsExactly("a");
    }

    @Test
    void shouldCountATakeoverOnlyWhenEverySurvivorNamesOneSurvivorThatWatchesIt() {
        Set<String> lost = Set.of("a", "b");
        NodeView agreed1 = new NodeView(SURVIVORS, Map.of("a", "node-1", "b", "node-2"), Set.of("a"));
        NodeView agreed2 = new NodeView(SURVIVORS, Map.of("a", "node-1", "b", "node-2"), Set.of("b"));
        assertThat(NodeView.takenOver(lost, Map.of("node-1", agreed1, "node-2", agreed2))).isTrue();

        NodeView stillNamesTheDead = new NodeView(SURVIVORS, Map.of("a", "node-1", "b", "node-0"), Set.of("b"));
        assertThat(NodeView.takenOver(lost, Map.of("node-1", agreed1, "node-2", stillNamesTheDead)))
                .as("a survivor still names the dead node").isFalse();

        NodeView notStartedYet = new NodeView(SURVIVORS, Map.of("a", "node-1", "b", "node-2"), Set.of());
        assertThat(NodeView.takenOver(lost, Map.of("node-1", agreed1, "node-2", notStartedYet)))
                .as("the new owner does not watch it yet").isFalse();

        NodeView dead = new NodeView(SURVIVORS, Map.of("a", "node-0", "b", "node-0"), Set.of());
        assertThat(NodeView.takenOver(lost, Map.of("node-1", dead, "node-2", dead)))
                .as("both name the dead node").isFalse();
    }

    @Test
    void shouldSettleOnlyWithOneWatcherPerTargetAndEveryNodeAgreeing() {
        Map<String, String> owners = Map.of("a", "node-1", "b", "node-2");
        NodeView one = new NodeView(SURVIVORS, owners, Set.of("a"));
        NodeView two = new NodeView(SURVIVORS, owners, Set.of("b"));
        assertThat(NodeView.settled(Map.of("node-1", one, "node-2", two), 2)).hasValue(owners);
        assertThat(NodeView.settled(Map.of("node-1", one, "node-2", two), 3)).as("a target missing").isEmpty();

        NodeView twoAlsoWatchesA = new NodeView(SURVIVORS, owners, Set.of("a", "b"));
        assertThat(NodeView.settled(Map.of("node-1", one, "node-2", twoAlsoWatchesA), 2)).as("a watched twice").isEmpty();

        NodeView seesThree = new NodeView(List.of("node-0", "node-1", "node-2"), owners, Set.of("b"));
        assertThat(NodeView.settled(Map.of("node-1", one, "node-2", seesThree), 2)).as("a dead member still seen")
                .isEmpty();
    }
}
