package dev.warden.config;

import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The whole configuration, immutable and already validated. */
public record WardenConfig(ServerConfig server, StateConfig state, List<TargetConfig> targets,
                           List<DecisionRule> decisionMatrix, IncidentsConfig incidents, AlertingConfig alerting,
                           ClusterConfig cluster) {

    /** The root of the key reference: every section and key Warden accepts. */
    public static final Section SCHEMA = Section.of("", "",
            List.of(DecisionRule.KEEP_DEFAULTS), List.of(ServerConfig.SECTION, StateConfig.SECTION,
                    TargetConfig.SECTION, DecisionRule.SECTION, IncidentsConfig.SECTION, AlertingConfig.SECTION,
                    ClusterConfig.SECTION));

    public WardenConfig {
        targets = List.copyOf(targets);
        decisionMatrix = List.copyOf(decisionMatrix);
    }

    /** The decision matrix as {@code target} carries it out (see {@link EffectiveMatrix}). */
    public EffectiveMatrix effectiveMatrix(TargetConfig target) {
        return EffectiveMatrix.of(decisionMatrix, target);
    }

    public Optional<TargetConfig> target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public WardenConfig withServer(ServerConfig otherServer) {
        return new WardenConfig(otherServer, state, targets, decisionMatrix, incidents, alerting, cluster);
    }

    /** The state database's connection (see {@link StateConfig#connection}). */
    public ConnectionSpec stateConnection() {
        return state.connection(targets);
    }

    static WardenConfig read(Node root) {
        ServerConfig server = ServerConfig.read(root.section(ServerConfig.SECTION));
        StateConfig state = StateConfig.read(root.section(StateConfig.SECTION));
        List<TargetConfig> targets = new ArrayList<>();
        for (Node target : root.list(TargetConfig.SECTION)) {
            targets.add(TargetConfig.read(target, server.dataDir()));
        }
        boolean keepDefaults = root.get(DecisionRule.KEEP_DEFAULTS);
        List<DecisionRule> matrix = new ArrayList<>();
        List<Node> rows = root.list(DecisionRule.SECTION);
        for (Node row : rows) {
            matrix.add(DecisionRule.read(row));
        }
        IncidentsConfig incidents = IncidentsConfig.read(root.section(IncidentsConfig.SECTION));
        AlertingConfig alerting = AlertingConfig.read(root.section(AlertingConfig.SECTION));
        ClusterConfig cluster = ClusterConfig.read(root.section(ClusterConfig.SECTION));
        checkTargets(root, targets);
        checkMatrix(root, matrix);
        checkStrategiesCanRun(root, matrix, targets);
        checkStateIsNotATarget(root, state, targets);
        checkStateOutsideRestoredClusters(root, state, targets);
        return new WardenConfig(server, state, targets, DecisionRule.merge(matrix, keepDefaults), incidents,
                alerting, cluster);
    }

    private static void checkTargets(Node root, List<TargetConfig> targets) {
        if (targets.isEmpty()) {
            root.problem(TargetConfig.SECTION.name(), "expected at least one target, found none");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            String name = targets.get(i).name();
            if (name != null && !names.add(name)) {
                root.problem("targets[" + i + "].name", "expected a unique name, found \"" + name + "\" again");
            }
        }
    }

    private static void checkStateIsNotATarget(Node root, StateConfig state, List<TargetConfig> targets) {
        state.url().ifPresent(url -> targets.stream()
                .filter(t -> t.connection() != null && t.connection().host().equals(url.host())
                        && t.connection().port() == url.port() && t.connection().database().equals(url.database()))
                .findFirst()
                .ifPresent(t -> root.problem("state.url", "expected a database of Warden's own, found target \""
                        + t.name() + "\"'s database (a restore would rewind Warden's state with it)")));
    }

    /** A cluster restore rewinds every database of the server, Warden's journal too when it lives there. */
    private static void checkStateOutsideRestoredClusters(Node root, StateConfig state, List<TargetConfig> targets) {
        if (targets.isEmpty() || targets.get(0).connection() == null) {
            return;
        }
        ConnectionSpec stateConnection = state.connection(targets);
        for (int i = 0; i < targets.size(); i++) {
            TargetConfig t = targets.get(i);
            if (t.connection() != null && t.snapshots().restoresCluster()
                    && t.connection().host().equals(stateConnection.host()) && t.connection().port() == stateConnection.port()) {
                root.problem("targets[" + i + "].snapshots.restore_command", "restores the whole server "
                        + t.connection().host() + ":" + t.connection().port() + ", where Warden's state database is"
                        + (state.url().isPresent() ? "" : " by default") + " (the restore would rewind Warden's journal"
                        + " with it): expected state.url on another server");
            }
        }
    }

    private static void checkMatrix(Node root, List<DecisionRule> matrix) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < matrix.size(); i++) {
            DecisionRule rule = matrix.get(i);
            if (rule.issue() != null && rule.severity() != null && !seen.add(rule.issue() + "/" + rule.severity())) {
                root.problem("decision_matrix[" + i + "]", "expected one row per issue and severity, found "
                        + rule.issue().name().toLowerCase() + "/" + rule.severity().name().toLowerCase() + " again");
            }
        }
    }

    /**
     * Every user row on every target: a strategy the target lacks settings for needs a fallback the
     * target can carry out. (The default rows fall back to freeze, which needs nothing.)
     */
    private static void checkStrategiesCanRun(Node root, List<DecisionRule> matrix, List<TargetConfig> targets) {
        for (int i = 0; i < matrix.size(); i++) {
            DecisionRule rule = matrix.get(i);
            if (rule.strategy() == null || rule.mode() == null) {
                continue;
            }
            for (int t = 0; t < targets.size(); t++) {
                TargetConfig target = targets.get(t);
                List<String> lacking = EffectiveMatrix.needed(rule, target);
                if (lacking.isEmpty()) {
                    continue;
                }
                String where = "targets[" + t + "]";
                String named = target.name() != null ? "target \"" + target.name() + "\"" : where;
                if (rule.fallback().isEmpty()) {
                    root.problem("decision_matrix[" + i + "]", "strategy " + EffectiveMatrix.name(rule.strategy())
                            + " cannot run on " + named + ": it needs " + under(where, lacking)
                            + "; give the target those settings or the rule a fallback (e.g. fallback: freeze)");
                    continue;
                }
                List<String> fallbackLacks = EffectiveMatrix.missing(rule.fallback().get(), target);
                if (!fallbackLacks.isEmpty()) {
                    root.problem("decision_matrix[" + i + "].fallback", "strategy "
                            + EffectiveMatrix.name(rule.fallback().get()) + " cannot run on " + named
                            + " either: it needs " + under(where, fallbackLacks)
                            + "; freeze and read_only need no settings");
                }
            }
        }
    }

    private static String under(String target, List<String> keys) {
        return String.join(" and ", keys.stream().map(key -> target + "." + key).toList());
    }
}
