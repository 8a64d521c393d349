package dev.warden.daemon.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The members Hazelcast sees, each known by the node name and weight it published as attributes. */
final class HazelcastMembership implements Membership {
    private static final Logger log = LoggerFactory.getLogger(HazelcastMembership.class);

    private final HazelcastInstance hazelcast;
    private final String self;

    HazelcastMembership(HazelcastInstance hazelcast, String self) {
        this.hazelcast = hazelcast;
        this.self = self;
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public List<Rendezvous.Member> members() {
        List<Rendezvous.Member> members = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Member member : hazelcast.getCluster().getMembers()) {
            String name = member.getAttribute(HazelcastSettings.NODE_NAME);
            if (name == null) {
                log.warn("Cluster member {} is not a Warden node (no {} attribute); it owns nothing",
                        member.getAddress(), HazelcastSettings.NODE_NAME);
                continue;
            }
            if (!seen.add(name)) {
                // Two nodes with one name would both believe they own the same targets.
                log.error("Two cluster members are named {} ({}): give each node its own cluster.node_name", name,
                        member.getAddress());
                continue;
            }
            members.add(new Rendezvous.Member(name, weight(member)));
        }
        return members;
    }

    private static int weight(Member member) {
        try {
            return Math.max(1, Integer.parseInt(member.getAttribute(HazelcastSettings.WEIGHT)));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public void onChange(Runnable listener) {
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                listener.run();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                listener.run();
            }
        });
        // After a split heals, the smaller side rejoins the larger one: its member list is new.
        hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                listener.run();
            }
        });
    }
}
