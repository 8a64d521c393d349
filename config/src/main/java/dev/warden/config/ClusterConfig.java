package dev.warden.config;

import dev.warden.config.schema.HostNames;
import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Several Warden nodes sharing the targets (issue 16): off by default, and then nothing of the cluster
 * runs. When on, the nodes form a Vert.x cluster (Hazelcast), found through a member list or through
 * Kubernetes' DNS, and each target is watched by one live node.
 *
 * @param nodeName this node's name among the members: what decides which targets it owns, so it stays
 *                 the same across restarts (a pod's name in a StatefulSet)
 * @param members  other nodes to join, as host or host:port ({@link #port} when none); empty with
 *                 Kubernetes discovery
 * @param kubernetesServiceDns the headless service whose DNS records name the members, or empty
 * @param weight   this node's share relative to the others' (2 takes about twice as many targets as 1)
 */
public record ClusterConfig(boolean enabled, String nodeName, String host, int port, List<Member> members,
                            Optional<String> kubernetesServiceDns, Duration heartbeatInterval,
                            Duration heartbeatTimeout, int weight) {

    /** Hazelcast's usual member port. */
    public static final int DEFAULT_PORT = 5701;
    /** Letters, digits, '.', '_' and '-': what host and pod names are made of. */
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** One member to ask for the cluster: a host and the port its cluster member listens on. */
    public record Member(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    static final Key<Boolean> ENABLED = Key.of("enabled", Types.bool(), false,
            "Run as one node of a cluster of Warden nodes sharing the targets; off, this Warden watches every target.");
    static final Key<String> NODE_NAME_KEY = Key.derived("node_name", Types.string(), "$HOSTNAME, else this machine's name",
            "This node's name among the members (letters, digits, . _ -); which targets it owns follows from it, so"
                    + " keep it across restarts.");
    static final Key<String> HOST = Key.of("host", Types.host(), "127.0.0.1",
            "Address the cluster member listens on and gives the others; 0.0.0.0 picks this machine's address.");
    static final Key<Integer> PORT = Key.of("port", Types.integer(1, 65535), DEFAULT_PORT,
            "Port of the cluster member; a second one, picked free, carries the event bus.");
    static final Key<List<String>> MEMBERS = Key.of("members", Types.stringList(), List.of(),
            "Nodes to join, as host or host:port (cluster.port when none); this node may be listed too.");
    static final Key<String> SERVICE_DNS = Key.derived("service_dns", Types.host(), "none",
            "A headless Service's DNS name (warden.monitoring.svc.cluster.local) whose records are the members;"
                    + " instead of cluster.members.");
    static final Key<Duration> HEARTBEAT_INTERVAL = Key.of("heartbeat_interval", Types.duration(Duration.ofSeconds(1)),
            Duration.ofSeconds(1), "How often each node tells the others it is alive (whole seconds).");
    static final Key<Duration> HEARTBEAT_TIMEOUT = Key.of("heartbeat_timeout", Types.duration(Duration.ofSeconds(2)),
            Duration.ofSeconds(5), "A node silent this long is dropped and its targets move (whole seconds, more than"
                    + " twice the interval); also how long two nodes may watch one target after a hang.");
    static final Key<Integer> WEIGHT = Key.of("weight", Types.integer(1, 1000), 1,
            "This node's share of the targets relative to the other nodes' weights.");

    static final Section KUBERNETES = Section.of("kubernetes", "Finding the members through Kubernetes' DNS.",
            List.of(SERVICE_DNS), List.of());
    static final Section SECTION = Section.of("cluster", "Several Warden nodes sharing the targets (off by default).",
            List.of(ENABLED, NODE_NAME_KEY, HOST, PORT, MEMBERS, HEARTBEAT_INTERVAL, HEARTBEAT_TIMEOUT, WEIGHT),
            List.of(KUBERNETES));

    public ClusterConfig {
        members = List.copyOf(members);
    }

    /** One node alone: what a configuration without a cluster section means. */
    public static ClusterConfig off() {
        return new ClusterConfig(false, "", "127.0.0.1", DEFAULT_PORT, List.of(), Optional.empty(),
                Duration.ofSeconds(1), Duration.ofSeconds(5), 1);
    }

    static ClusterConfig read(Node node) {
        boolean enabled = node.get(ENABLED);
        String name = node.get(NODE_NAME_KEY);
        if (name == null) {
            // Only a node of a cluster needs a name: a lone Warden never asks the machine for one.
            name = enabled ? defaultNodeName(node.context().env()) : "";
        } else if (!NODE_NAME.matcher(name).matches()) {
            node.problem(NODE_NAME_KEY.name(), "expected a name of letters, digits, '.', '_' and '-' (at most 63),"
                    + " found \"" + name + "\"");
        }
        int port = node.get(PORT);
        List<String> written = node.get(MEMBERS);
        List<Member> members = members(node, written, port);
        Node kubernetes = node.section(KUBERNETES);
        Optional<String> serviceDns = Optional.ofNullable(kubernetes.get(SERVICE_DNS));
        if (serviceDns.isPresent() && !written.isEmpty()) {
            node.problem(MEMBERS.name(), "expected either cluster.members or cluster.kubernetes.service_dns, found both");
        }
        Duration interval = node.get(HEARTBEAT_INTERVAL);
        Duration timeout = node.get(HEARTBEAT_TIMEOUT);
        wholeSeconds(node, HEARTBEAT_INTERVAL, interval);
        wholeSeconds(node, HEARTBEAT_TIMEOUT, timeout);
        if (timeout.compareTo(interval.multipliedBy(2)) <= 0) {
            node.problem(HEARTBEAT_TIMEOUT.name(), "expected more than twice heartbeat_interval ("
                    + interval.toSeconds() + " s), found " + timeout.toSeconds() + " s: one late heartbeat would drop a"
                    + " live node");
        }
        return new ClusterConfig(enabled, name, node.get(HOST), port, members, serviceDns, interval, timeout,
                node.get(WEIGHT));
    }

    /** Hazelcast counts heartbeats in seconds: anything finer would be silently rounded. */
    private static void wholeSeconds(Node node, Key<Duration> key, Duration value) {
        if (value.toMillis() % 1000 != 0) {
            node.problem(key.name(), "expected whole seconds, found " + value.toMillis() + " ms");
        }
    }

    private static List<Member> members(Node node, List<String> written, int defaultPort) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            String entry = written.get(i).trim();
            try {
                members.add(member(entry, defaultPort));
            } catch (IllegalArgumentException e) {
                node.problem(MEMBERS.name() + "[" + i + "]", e.getMessage());
            }
        }
        return members;
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 literal. */
    static Member member(String entry, int defaultPort) {
        String host = entry;
        int port = defaultPort;
        int colon = entry.lastIndexOf(':');
        boolean bracketed = entry.startsWith("[");
        if (colon > 0 && (bracketed ? colon > entry.indexOf(']') : entry.indexOf(':') == colon)) {
            host = entry.substring(0, colon);
            String digits = entry.substring(colon + 1);
            if (!digits.matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("expected host or host:port, found \"" + entry + "\"");
            }
            port = Integer.parseInt(digits);
            HostNames.checkPort(port, "\"" + entry + "\"");
        }
        return new Member(HostNames.check(host), port);
    }

    private static String defaultNodeName(Map<String, String> env) {
        String hostname = env.get("HOSTNAME");
        if (hostname != null && NODE_NAME.matcher(hostname).matches()) {
            return hostname;
        }
        try {
            String local = java.net.InetAddress.getLocalHost().getHostName();
            return NODE_NAME.matcher(local).matches() ? local : "warden";
        } catch (java.net.UnknownHostException e) {
            return "warden";
        }
    }
}
