package dev.warden.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one cluster node says over HTTP: the members it sees and the owner it names for each target
 * ({@code /api/targets}), the targets it watches ({@code warden_target_owned} 1 in {@code /metrics}).
 */
record NodeView(List<String> members, Map<String, String> owners, Set<String> watching) {
    private static final String OWNED = "warden_target_owned{target=\"";

    static NodeView parse(String targetsJson, String metrics) {
        JsonObject body = new JsonObject(targetsJson);
        JsonObject cluster = body.getJsonObject("cluster");
        List<String> members = cluster == null ? List.of()
                : cluster.getJsonArray("members").stream().map(String.class::cast).sorted().toList();
        Map<String, String> owners = new HashMap<>();
        JsonArray targets = body.getJsonArray("targets");
        for (int i = 0; i < targets.size(); i++) {
            JsonObject target = targets.getJsonObject(i);
            owners.put(target.getString("name"), target.getString("owner"));
        }
        Set<String> watching = new HashSet<>();
        for (String line : metrics.lines().toList()) {
            int end = line.indexOf("\"} ");
            if (line.startsWith(OWNED) && end > 0 && Double.parseDouble(line.substring(end + 3).trim()) == 1.0) {
                watching.add(line.substring(OWNED.length(), end));
            }
        }
        return new NodeView(members, owners, watching);
    }

    /**
     * Whether every target in {@code lost} (the dead node's) is watched by a live node again: each
     * survivor names the same survivor as its owner, and that one watches it.
     */
    static boolean takenOver(Set<String> lost, Map<String, NodeView> survivors) {
        for (String target : lost) {
            Set<String> named = new HashSet<>();
            survivors.values().forEach(view -> named.add(view.owners().get(target)));
            if (named.size() != 1) {
                return false;
            }
            NodeView owner = survivors.get(named.iterator().next());
            if (owner == null || !owner.watching().contains(target)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The owner of every target once the cluster of {@code views} (by node name) has settled: every node
     * sees exactly these members, all name the same owner for all {@code targets} targets, and each
     * target is watched by its owner and by no other node; empty until then.
     */
    static Optional<Map<String, String>> settled(Map<String, NodeView> views, int targets) {
        List<String> names = views.keySet().stream().sorted().toList();
        NodeView first = views.values().iterator().next();
        if (first.owners().size() != targets || !views.values().stream()
                .allMatch(v -> v.members().equals(names) && v.owners().equals(first.owners()))) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> owner : first.owners().entrySet()) {
            long watchers = views.values().stream().filter(v -> v.watching().contains(owner.getKey())).count();
            if (!views.containsKey(owner.getValue()) || watchers != 1
                    || !views.get(owner.getValue()).watching().contains(owner.getKey())) {
                return Optional.empty();
            }
        }
        return Optional.of(Map.copyOf(first.owners()));
    }
}
