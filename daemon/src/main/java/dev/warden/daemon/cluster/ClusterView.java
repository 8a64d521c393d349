package dev.warden.daemon.cluster;

import java.util.List;
import java.util.Optional;

/** What this node knows of the cluster: its name, the live members, and who owns each target. */
public interface ClusterView {

    /** This node's name among the members. */
    String node();

    /** The live members' names, sorted, this node included. */
    List<String> members();

    /** The node that owns {@code target} now; empty before this node has joined. */
    Optional<String> owner(String target);

    default boolean owns(String target) {
        return owner(target).filter(node()::equals).isPresent();
    }
}
