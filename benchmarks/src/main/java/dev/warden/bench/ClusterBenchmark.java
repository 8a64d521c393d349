package dev.warden.bench;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.Sql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Issue 16's fleet on several servers: SERVERS embedded PostgreSQL 15 servers with DATABASES
 * databases each (the {@link Fleet} template, targets named {@code s01_fleet_001}...), watched first by
 * ONE Warden node, then by a cluster of 3 nodes on loopback sharing one state database, each node a
 * daemon started through this checkout's {@code ./warden} launcher (its JVM flags). Per phase, over a
 * window after a warm-up: each node's CPU (utime + stime from /proc, % of one core), RSS, the targets
 * it owns, the connections the monitoring role holds on each server (pg_stat_activity), and the time
 * to ready; then kill -9 of one node per round (restarted after each), timing the failover from the
 * kill until every target of the dead node is watched by a survivor (both survivors' /api/targets name
 * the same survivor, whose /metrics says it watches it), polled every 100 ms. Everything is reported
 * against the one node of the same run. Run with
 * {@code bench/run cluster [SERVERS] [DATABASES] [MINUTES] [--kills K] [--every SECONDS] [--warmup SECONDS]}
 * (defaults 10 x 100, 3 min, 3 kills, checks every 15 s, 60 s warm-up); appends a
 * row to {@code benchmarks/target/bench/cluster.md}. Every daemon and server it started is stopped at
 * the end, on failure and on Ctrl-C too.
 */
public final class ClusterBenchmark {
    private static final int PG_MAJOR = 15;
    private static final int NODES = 3;
    private static final String ROLE = "warden_fleet";
    private static final String SINGLE_STATE = "state_single";
    private static final String CLUSTER_STATE = "state_cluster";
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READY_LIMIT = Duration.ofMinutes(15);
    private static final Duration TAKEOVER_LIMIT = Duration.ofMinutes(3);
    private static final Duration DISCONNECT_LIMIT = Duration.ofMinutes(2);
    /** Below this much MemAvailable the run stops: the machine is shared, and a size that does not fit says so. */
    private static final long MEMORY_FLOOR_MIB = 2048;
    private static final String HEADER = """
            | date | servers x databases | targets | every | minutes | one node CPU % | cluster CPU % per node | cluster CPU % sum | one node RSS MiB | cluster RSS MiB per node | connections per server, one node -> cluster | owned per node | failover s median (max) | kills | load avg |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
            """;

    /** One phase's measured window: per node (by name) CPU, RSS, owned targets; per server the role's connections. */
    record Window(double minutes, Map<String, Double> cpuPercent, Map<String, Double> rssEndMib,
                  Map<String, Double> rssMaxMib, Map<String, Integer> owned, Map<String, Duration> ready,
                  Map<String, Long> skipped,
                  int[] maxConnections, int[] lastConnections, long minAvailableMib, String loadStart, String loadEnd) {
        double cpuSum() {
            return cpuPercent.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double rssSum() {
            return rssEndMib.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        int maxPerServer() {
            return IntStream.of(maxConnections).max().orElse(0);
        }

        int lastTotal() {
            return IntStream.of(lastConnections).sum();
        }
    }

    /** One kill -9: the node, how many targets it owned, seconds to takeover and to the rejoined cluster settling. */
    record Kill(String node, int targets, double failoverSeconds, double rejoinSeconds) {
    }

    private record Options(int servers, int databases, double minutes, int kills, Duration every, Duration warmup) {
        static Options parse(String[] args) {
            List<String> positional = new ArrayList<>();
            int kills = 3;
            Duration every = Duration.ofSeconds(15);
            Duration warmup = Duration.ofSeconds(60);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--kills" -> kills = Integer.parseInt(args[++i]);
                    case "--every" -> every = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(args[++i]));
                    default -> positional.add(args[i]);
                }
            }
            return new Options(positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 10,
                    positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 100,
                    positional.size() > 2 ? Double.parseDouble(positional.get(2)) : 3, kills, every, warmup);
        }

        int targets() {
            return servers * databases;
        }
    }

    /** One cluster node: its name, ports and configuration, and the daemon running it now (null when dead). */
    private static final class Node {
        final String name;
        final int httpPort;
        final Path config;
        LaunchedWarden daemon;
        long startedNanos;

        Node(String name, int httpPort, Path config) {
            this.name = name;
            this.httpPort = httpPort;
            this.config = config;
        }
    }

    private final Options options;
    private final Path launcher;
    private final Path scratch;
    private final Path logs;
    private final Teardown teardown;
    private final List<EmbeddedServer> servers = new ArrayList<>();
    private final Scraper http = new Scraper();
    private final List<Node> nodes = new ArrayList<>();
    /** The cluster's assignment, by target, as last settled. */
    private Map<String, String> owners;
    private int starts;

    private ClusterBenchmark(Options options, Path launcher, Path scratch, Path logs, Teardown teardown) {
        this.options = options;
        this.launcher = launcher;
        this.scratch = scratch;
        this.logs = logs;
        this.teardown = teardown;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path launcher = Path.of(System.getProperty("warden.bench.launcher", "warden")).toAbsolutePath();
        String label = System.getProperty("warden.bench.label", "this checkout");
        Path work = BenchFiles.workDirectory();
        Path scratch = work.resolve("cluster");
        BenchFiles.deleteRecursively(scratch);
        Files.createDirectories(scratch);
        // The daemons' logs outlive the run (the servers' files do not): what a failure points to.
        Path logs = work.resolve("cluster-logs");
        BenchFiles.deleteRecursively(logs);
        Files.createDirectories(logs);
        Teardown teardown = new Teardown();
        // Ctrl-C or kill: the daemons and servers stopped, and their gigabytes of files gone, as at a normal end.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            teardown.run();
            try {
                BenchFiles.deleteRecursively(scratch);
            } catch (IOException e) {
                System.err.println("could not remove " + scratch + ": " + e);
            }
        }, "cluster-benchmark-teardown"));
        try {
            ClusterBenchmark benchmark = new ClusterBenchmark(options, launcher, scratch, logs, teardown);
            benchmark.run(label, work.resolve("cluster.md"));
        } finally {
            teardown.run();
            BenchFiles.deleteRecursively(scratch);
        }
    }

    private void run(String label, Path results) throws Exception {
        System.out.printf("cluster benchmark (%s): %d PostgreSQL %d servers x %d databases = %d targets, checks every %d s,"
                        + " %.1f min windows, %d kills; MemAvailable %d MiB, load %s%n", label, options.servers(), PG_MAJOR,
                options.databases(), options.targets(), options.every().toSeconds(), options.minutes(), options.kills(),
                availableMib(), LoadAverage.read());
        long setup = System.nanoTime();
        startServers();
        System.out.printf("setup: %d servers, %d databases in %.0f s; MemAvailable %d MiB%n", options.servers(),
                options.targets(), (System.nanoTime() - setup) / 1e9, availableMib());

        Window single = singleNode();
        report("one node", single);
        Window cluster = clusterPhase();
        report("cluster of " + NODES, cluster);
        List<Kill> kills = killRounds();
        String table = table(single, cluster, kills);
        System.out.println();
        System.out.println(table);
        BenchFiles.appendRow(results, HEADER, row(single, cluster, kills));
    }

    private void startServers() {
        for (int s = 1; s <= options.servers(); s++) {
            long started = System.nanoTime();
            EmbeddedServer server = EmbeddedServer.start(scratch.resolve("pg-" + s), PG_MAJOR, Map.of(
                    // one node holds up to 2 per target; room for a dead node's sessions while the survivors open theirs
                    "max_connections", String.valueOf(3 * options.databases() + 50),
                    // many small servers on one machine: keep each one's shared memory small
                    "shared_buffers", "32MB"));
            teardown.add(server);
            servers.add(server);
            Fleet.create(server, options.databases(), List.of(ROLE), s == 1 ? List.of(SINGLE_STATE, CLUSTER_STATE) : List.of());
            System.out.printf("  server %d (port %d): %d databases in %.0f s; MemAvailable %d MiB, load %s%n", s,
                    server.port(), options.databases(), (System.nanoTime() - started) / 1e9, availableMib(),
                    LoadAverage.read());
            if (availableMib() < MEMORY_FLOOR_MIB) {
                throw new IllegalStateException("MemAvailable is " + availableMib() + " MiB after " + s + " servers: "
                        + options.servers() + " x " + options.databases() + " does not fit on this machine; stopping");
            }
        }
    }

    /** Phase 1: one Warden watching every target. */
    private Window singleNode() throws Exception {
        int port = FreePort.find();
        Path config = scratch.resolve("single.yaml");
        Files.writeString(config, header(port, scratch.resolve("single-home"), SINGLE_STATE) + "targets:\n" + targetsYaml());
        Node node = new Node("one-node", port, config);
        System.out.printf("%n== one node: %d targets%n", options.targets());
        start(node);
        Duration ready = node.daemon.awaitReady(node.startedNanos, READY_LIMIT);
        System.out.printf("ready in %.1f s; warming up %d s%n", ready.toNanos() / 1e9, options.warmup().toSeconds());
        Thread.sleep(options.warmup().toMillis());
        Window window = measure(List.of(node), Map.of(node.name, options.targets()), Map.of(node.name, ready));
        stop(node);
        awaitDisconnected();
        return window;
    }

    /** Phase 2: 3 cluster nodes on loopback, the same targets, one state database. */
    private Window clusterPhase() throws Exception {
        List<Integer> memberPorts = IntStream.range(0, NODES).mapToObj(i -> FreePort.find()).toList();
        String members = memberPorts.stream().map(p -> "\"127.0.0.1:" + p + "\"").collect(Collectors.joining(", "));
        String targets = targetsYaml();
        for (int i = 0; i < NODES; i++) {
            int port = FreePort.find();
            String name = "node-" + i;
            Path config = scratch.resolve(name + ".yaml");
            Files.writeString(config, header(port, scratch.resolve(name + "-home"), CLUSTER_STATE) + """
                    cluster:
                      enabled: true
                      node_name: %s
                      port: %d
                      members: [%s]
                      heartbeat_interval: %ds
                      heartbeat_timeout: %ds
                    """.formatted(name, memberPorts.get(i), members, HEARTBEAT_INTERVAL.toSeconds(),
                    HEARTBEAT_TIMEOUT.toSeconds()) + "targets:\n" + targets);
            nodes.add(new Node(name, port, config));
        }
        System.out.printf("%n== cluster: %d nodes, %d targets%n", NODES, options.targets());
        long first = System.nanoTime();
        // All three at once, as a cluster is deployed: one started alone would take every target first.
        for (Node node : nodes) {
            launch(node);
        }
        Map<String, Duration> ready = new TreeMap<>();
        for (Node node : nodes) {
            ready.put(node.name, node.daemon.awaitReady(node.startedNanos, READY_LIMIT));
        }
        owners = awaitSettled(nodes, READY_LIMIT).orElseThrow(
                () -> new IllegalStateException("the cluster did not settle within " + READY_LIMIT));
        Map<String, Integer> owned = new TreeMap<>(owners.values().stream().collect(Collectors.groupingBy(o -> o,
                Collectors.summingInt(o -> 1))));
        System.out.printf("ready in %s s; settled %.1f s after the first start: owned %s; warming up %d s%n",
                ready.values().stream().map(d -> "%.1f".formatted(d.toNanos() / 1e9)).toList(),
                (System.nanoTime() - first) / 1e9, owned, options.warmup().toSeconds());
        Thread.sleep(options.warmup().toMillis());
        return measure(nodes, owned, ready);
    }

    /** kill -9 of one node per round (each in turn), timed until its targets are watched again; then restarted. */
    private List<Kill> killRounds() throws Exception {
        List<Kill> kills = new ArrayList<>();
        for (int round = 0; round < options.kills(); round++) {
            Node victim = nodes.get(round % NODES);
            List<Node> survivors = nodes.stream().filter(n -> n != victim).toList();
            Set<String> lost = owners.entrySet().stream().filter(e -> e.getValue().equals(victim.name))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            long killedAt = System.nanoTime();
            victim.daemon.kill();
            teardown.remove(victim.daemon);
            victim.daemon = null;
            awaitTakeover(lost, survivors);
            double failover = (System.nanoTime() - killedAt) / 1e9;
            System.out.printf("round %d: kill -9 of %s (%d targets): watched by the survivors after %.2f s; load %s%n",
                    round + 1, victim.name, lost.size(), failover, LoadAverage.read());
            long restarted = System.nanoTime();
            start(victim);
            Optional<Map<String, String>> rejoined = awaitSettled(nodes, READY_LIMIT);
            double rejoin = (System.nanoTime() - restarted) / 1e9;
            if (rejoined.isEmpty()) {
                throw new IllegalStateException(victim.name + " restarted, and the cluster did not settle within "
                        + READY_LIMIT);
            }
            System.out.printf("  %s restarted: the cluster settled again after %.1f s (%s)%n", victim.name, rejoin,
                    rejoined.get().equals(owners) ? "the same assignment as before" : "a different assignment");
            owners = rejoined.get();
            kills.add(new Kill(victim.name, lost.size(), failover, rejoin));
        }
        return kills;
    }

    private void awaitTakeover(Set<String> lost, List<Node> survivors) throws InterruptedException {
        long deadline = System.nanoTime() + TAKEOVER_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Map<String, NodeView>> views = views(survivors);
            if (views.isPresent() && NodeView.takenOver(lost, views.get())) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("the dead node's " + lost.size() + " targets not watched after " + TAKEOVER_LIMIT);
    }

    private Optional<Map<String, String>> awaitSettled(List<Node> live, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Map<String, NodeView>> views = views(live);
            Optional<Map<String, String>> settled = views.flatMap(v -> NodeView.settled(v, options.targets()));
            if (settled.isPresent()) {
                return settled;
            }
            Thread.sleep(POLL.toMillis());
        }
        return Optional.empty();
    }

    /** Every node's view, or empty while one of them does not answer. */
    private Optional<Map<String, NodeView>> views(List<Node> live) {
        Map<String, NodeView> views = new LinkedHashMap<>();
        for (Node node : live) {
            try {
                Scraper.Scrape targets = http.get(node.daemon.uri("/api/targets"));
                Scraper.Scrape metrics = http.get(node.daemon.uri("/metrics"));
                if (targets.status() != 200 || metrics.status() != 200) {
                    return Optional.empty();
                }
                views.put(node.name, NodeView.parse(new String(targets.body(), StandardCharsets.UTF_8),
                        new String(metrics.body(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.of(views);
    }

    /** The window after the warm-up: CPU over it, RSS and connections sampled every 5 s. */
    private Window measure(List<Node> live, Map<String, Integer> ownedBy, Map<String, Duration> ready) throws Exception {
        String loadStart = LoadAverage.read();
        Map<String, Double> cpuStart = new TreeMap<>();
        Map<String, MemorySeries> memory = new TreeMap<>();
        Map<String, Long> skippedStart = new TreeMap<>();
        for (Node node : live) {
            skippedStart.put(node.name, skippedChecks(node));
            cpuStart.put(node.name, node.daemon.cpuSeconds());
            memory.put(node.name, new MemorySeries());
        }
        int[] maxConnections = new int[servers.size()];
        int[] lastConnections = new int[servers.size()];
        long minAvailable = Long.MAX_VALUE;
        long windowStart = System.nanoTime();
        long windowEnd = windowStart + (long) (options.minutes() * 60e9);
        while (System.nanoTime() < windowEnd) {
            Thread.sleep(Math.min(SAMPLE_EVERY.toMillis(), Math.max(1, (windowEnd - System.nanoTime()) / 1_000_000)));
            double seconds = (System.nanoTime() - windowStart) / 1e9;
            for (Node node : live) {
                memory.get(node.name).add(seconds, node.daemon.rssBytes(), new LaunchedWarden.Heap(-1, -1));
            }
            for (int s = 0; s < servers.size(); s++) {
                lastConnections[s] = connections(servers.get(s));
                maxConnections[s] = Math.max(maxConnections[s], lastConnections[s]);
            }
            minAvailable = Math.min(minAvailable, availableMib());
            if (minAvailable < MEMORY_FLOOR_MIB) {
                throw new IllegalStateException("MemAvailable fell to " + minAvailable + " MiB: " + options.servers() + " x "
                        + options.databases() + " does not fit on this machine; stopping");
            }
        }
        double minutes = (System.nanoTime() - windowStart) / 60e9;
        Map<String, Double> cpu = new TreeMap<>();
        Map<String, Double> rssEnd = new TreeMap<>();
        Map<String, Double> rssMax = new TreeMap<>();
        Map<String, Long> skipped = new TreeMap<>();
        for (Node node : live) {
            skipped.put(node.name, skippedChecks(node) - skippedStart.get(node.name));
            cpu.put(node.name, 100 * (node.daemon.cpuSeconds() - cpuStart.get(node.name)) / (minutes * 60));
            rssEnd.put(node.name, memory.get(node.name).lastRssMib());
            rssMax.put(node.name, memory.get(node.name).maxRssMib());
        }
        return new Window(minutes, cpu, rssEnd, rssMax, new TreeMap<>(ownedBy), new TreeMap<>(ready), skipped, maxConnections,
                lastConnections, minAvailable, loadStart, LoadAverage.read());
    }

    /**
     * Check cycles the node did not start because the previous one of that target was still running
     * ({@code warden_check_skipped_total} summed): a node that cannot keep up shows here.
     */
    private long skippedChecks(Node node) throws IOException, InterruptedException {
        Scraper.Scrape metrics = http.get(node.daemon.uri("/metrics"));
        double sum = 0;
        for (String line : new String(metrics.body(), StandardCharsets.UTF_8).lines().toList()) {
            if (line.startsWith("warden_check_skipped_total{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    /** Sessions of the monitoring role on {@code server}: what Warden holds to its targets there. */
    private static int connections(EmbeddedServer server) {
        return (int) new Sql(server.address("postgres")).queryLong(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + ROLE + "'");
    }

    /** Waits until no server has a session of the monitoring role left, so that the next phase starts clean. */
    private void awaitDisconnected() throws InterruptedException {
        long deadline = System.nanoTime() + DISCONNECT_LIMIT.toNanos();
        while (servers.stream().mapToInt(ClusterBenchmark::connections).sum() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sessions of " + ROLE + " still open " + DISCONNECT_LIMIT + " after the stop");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private void start(Node node) throws IOException {
        launch(node);
        node.daemon.awaitLive();
    }

    private void launch(Node node) throws IOException {
        node.startedNanos = System.nanoTime();
        Path log = logs.resolve(node.name + "-" + (++starts) + ".log");
        node.daemon = LaunchedWarden.launch(node.name, launcher, node.config, node.httpPort, log);
        teardown.add(node.daemon);
    }

    private void stop(Node node) throws InterruptedException {
        node.daemon.close();
        teardown.remove(node.daemon);
        node.daemon = null;
    }

    private String header(int port, Path home, String stateDatabase) {
        return """
                server: {host: 127.0.0.1, port: %d, data_dir: "%s"}
                state: {url: "%s"}
                """.formatted(port, home, servers.get(0).address(stateDatabase).uri());
    }

    private String targetsYaml() {
        StringBuilder yaml = new StringBuilder();
        for (int s = 0; s < servers.size(); s++) {
            yaml.append(Fleet.targets(servers.get(s), ROLE, "s%02d_".formatted(s + 1), options.databases(),
                    options.every(), false));
        }
        return yaml.toString();
    }

    private static long availableMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // not Linux: unknown
        }
        return -1;
    }

    private void report(String phase, Window w) {
        System.out.printf("%s over %.1f min (load %s -> %s, MemAvailable at least %d MiB):%n", phase, w.minutes(),
                w.loadStart(), w.loadEnd(), w.minAvailableMib());
        w.cpuPercent().forEach((node, cpu) -> System.out.printf(
                "  %s: %d targets, CPU %.1f%% of a core, RSS %.0f MiB (max %.0f), ready in %.1f s, %d check cycles skipped%n",
                node, w.owned().get(node), cpu, w.rssEndMib().get(node), w.rssMaxMib().get(node),
                w.ready().get(node).toNanos() / 1e9, w.skipped().get(node)));
        System.out.printf("  connections of %s per server, max over the window: %s (last: %s, total %d)%n", ROLE,
                IntStream.of(w.maxConnections()).boxed().toList(), IntStream.of(w.lastConnections()).boxed().toList(),
                w.lastTotal());
    }

    private String table(Window single, Window cluster, List<Kill> kills) {
        List<String> names = new ArrayList<>(cluster.cpuPercent().keySet());
        String one = single.cpuPercent().keySet().iterator().next();
        StringBuilder t = new StringBuilder("| | one node | " + String.join(" | ", names)
                + " | cluster sum | cluster / one node |\n|---|---|" + "---|".repeat(names.size()) + "---|---|\n");
        t.append(line("targets owned", "%d".formatted(options.targets()),
                names.stream().map(n -> String.valueOf(cluster.owned().get(n))).toList(),
                String.valueOf(options.targets()), "an even share: %d".formatted(options.targets() / NODES)));
        double maxCpu = cluster.cpuPercent().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        t.append(line("CPU % of a core", "%.1f".formatted(single.cpuPercent().get(one)),
                names.stream().map(n -> "%.1f".formatted(cluster.cpuPercent().get(n))).toList(),
                "%.1f".formatted(cluster.cpuSum()), "busiest node %.2fx, sum %.2fx".formatted(
                        maxCpu / single.cpuPercent().get(one), cluster.cpuSum() / single.cpuPercent().get(one))));
        double maxRss = cluster.rssEndMib().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        t.append(line("RSS at the window's end, MiB", "%.0f".formatted(single.rssEndMib().get(one)),
                names.stream().map(n -> "%.0f".formatted(cluster.rssEndMib().get(n))).toList(),
                "%.0f".formatted(cluster.rssSum()), "largest node %.2fx, sum %.2fx".formatted(
                        maxRss / single.rssEndMib().get(one), cluster.rssSum() / single.rssEndMib().get(one))));
        t.append(line("start to ready, s", "%.1f".formatted(single.ready().get(one).toNanos() / 1e9),
                names.stream().map(n -> "%.1f".formatted(cluster.ready().get(n).toNanos() / 1e9)).toList(), "", ""));
        t.append(line("check cycles skipped in the window", "%d".formatted(single.skipped().get(one)),
                names.stream().map(n -> String.valueOf(cluster.skipped().get(n))).toList(),
                String.valueOf(cluster.skipped().values().stream().mapToLong(Long::longValue).sum()), ""));
        t.append(line("connections per server, max over the window", "%d".formatted(single.maxPerServer()),
                names.stream().map(n -> "").toList(), "%d".formatted(cluster.maxPerServer()),
                "%.2fx".formatted(cluster.maxPerServer() / (double) Math.max(1, single.maxPerServer()))));
        t.append(line("connections, all servers, at the window's end", "%d".formatted(single.lastTotal()),
                names.stream().map(n -> "").toList(), "%d".formatted(cluster.lastTotal()),
                "%.2fx".formatted(cluster.lastTotal() / (double) Math.max(1, single.lastTotal()))));
        if (!kills.isEmpty()) {
            t.append("\nkill -9 rounds (heartbeat %d s, timeout %d s): ".formatted(HEARTBEAT_INTERVAL.toSeconds(),
                            HEARTBEAT_TIMEOUT.toSeconds()))
                    .append(kills.stream().map(k -> "%s (%d targets) %.2f s, rejoined in %.1f s".formatted(k.node(),
                            k.targets(), k.failoverSeconds(), k.rejoinSeconds())).collect(Collectors.joining("; ")))
                    .append("\nfailover seconds: median %.2f, max %.2f%n".formatted(median(kills), max(kills)));
        }
        return t.toString();
    }

    private static String line(String what, String single, List<String> nodes, String sum, String ratio) {
        return "| " + what + " | " + single + " | " + String.join(" | ", nodes) + " | " + sum + " | " + ratio + " |\n";
    }

    private String row(Window single, Window cluster, List<Kill> kills) {
        String one = single.cpuPercent().keySet().iterator().next();
        return "| %s | %d x %d | %d | %d s | %.1f | %.1f | %s | %.1f | %.0f | %s | %d -> %d | %s | %s | %d | %s |".formatted(
                LocalDate.now(), options.servers(), options.databases(), options.targets(), options.every().toSeconds(),
                cluster.minutes(), single.cpuPercent().get(one),
                cluster.cpuPercent().values().stream().map("%.1f"::formatted).collect(Collectors.joining(" / ")),
                cluster.cpuSum(), single.rssEndMib().get(one),
                cluster.rssEndMib().values().stream().map("%.0f"::formatted).collect(Collectors.joining(" / ")),
                single.maxPerServer(), cluster.maxPerServer(),
                cluster.owned().values().stream().map(String::valueOf).collect(Collectors.joining(" / ")),
                kills.isEmpty() ? "-" : "%.2f (%.2f)".formatted(median(kills), max(kills)), kills.size(),
                cluster.loadEnd());
    }

    static double median(List<Kill> kills) {
        double[] sorted = kills.stream().mapToDouble(Kill::failoverSeconds).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double max(List<Kill> kills) {
        return kills.stream().mapToDouble(Kill::failoverSeconds).max().orElse(0);
    }

    /**
     * What the run has started and must stop: closed in reverse order, each once, whether the run ends,
     * fails or is interrupted (the shutdown hook).
     */
    private static final class Teardown {
        private final Deque<AutoCloseable> open = new ArrayDeque<>();

        synchronized void add(AutoCloseable resource) {
            open.push(resource);
        }

        synchronized void remove(AutoCloseable resource) {
            open.remove(resource);
        }

        void run() {
            while (true) {
                AutoCloseable next;
                synchronized (this) {
                    next = open.poll();
                }
                if (next == null) {
                    return;
                }
                try {
                    next.close();
                } catch (Exception e) {
                    System.err.println("stopping " + next + " failed: " + e);
                }
            }
        }
    }
}
