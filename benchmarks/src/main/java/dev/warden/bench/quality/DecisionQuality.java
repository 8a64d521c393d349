package dev.warden.bench.quality;

import dev.warden.config.ConfigLoader;
import dev.warden.daemon.Warden;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The decision-quality suite: does Warden decide on bad migrations, with the right issue, and leave
 * benign work alone? Each scenario of {@link Scenarios} gets a fresh copy of the shop database on an
 * embedded PostgreSQL 17 and a fresh Warden (in-process, its own state database on a second server,
 * so a target restart leaves it standing) that runs every check each second, takes a verified clone
 * snapshot, and has a {@code dry_run} row for every issue and severity: nothing is ever rolled back,
 * and any breach that a rule would act on becomes a decision in {@code GET /api/decisions}. Once
 * every check has reported after the snapshot, the workload starts; decisions are read until the
 * window closes (a bad scenario stops as soon as it is caught).
 *
 * <p>Scoring: a bad scenario is caught by a decision on one of its issues decided after the workload
 * started; detection is that decision's {@code decided_at} minus the workload's start. A benign
 * scenario is decided on by any decision at all, even one made before its workload (it is all benign).
 * {@code bench/run quality [--only NAME[,NAME]] [--repeat N] [--strict]}.
 */
public final class DecisionQuality {
    private static final List<String> ISSUES = List.of("query_errors", "schema_mismatch", "performance_degradation",
            "data_corruption", "partial_feature_failure");
    private static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
    private static final List<String> CHECKS = List.of("row_count_drift", "lock_waits", "migration_duration",
            "schema_drift", "canary_queries", "corruption");
    private static final Duration BASELINE_WAIT = Duration.ofSeconds(30);
    private static final Duration OVERRUN = Duration.ofSeconds(90);
    private static final String TEMPLATE = "quality_shop";

    /** ERROR: the harness itself failed (setup, Warden's start); like SKIPPED, it is left out of the score and printed. */
    public enum Verdict { CAUGHT, MISSED, QUIET, DECIDED, SKIPPED, ERROR }

    public record Options(List<String> only, int repeat, boolean strict, Path work) {
        static Options parse(String[] args) {
            List<String> only = new ArrayList<>();
            int repeat = 1;
            boolean strict = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--only" -> only.addAll(List.of(args[++i].split(",")));
                    case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                    case "--strict" -> strict = true;
                    default -> throw new IllegalArgumentException("usage: bench/run quality [--only NAME[,NAME...]]"
                            + " [--repeat N] [--strict]; unknown argument " + args[i]);
                }
            }
            Path work = Path.of(System.getProperty("warden.bench.dir", "benchmarks/target/bench")).toAbsolutePath();
            return new Options(only, repeat, strict, work);
        }
    }

    /** One scenario's run: its verdict, the detection time when caught, the decisions seen and notes. */
    public record Outcome(Scenario scenario, Verdict verdict, Double detectionSeconds, List<String> decisions,
                          List<String> notes) {
        String line() {
            String detail = switch (verdict) {
                case CAUGHT -> "%.1f s; decisions: %s".formatted(detectionSeconds, String.join(", ", decisions));
                case SKIPPED, ERROR -> String.join("; ", notes);
                default -> decisions.isEmpty() ? "no decision" : "decisions: " + String.join(", ", decisions);
            };
            String extra = verdict == Verdict.SKIPPED || verdict == Verdict.ERROR || notes.isEmpty() ? "" : "  [" + String.join("; ", notes) + "]";
            return "%-50s %-45s %-8s %s%s".formatted(scenario.name(), scenario.expected(), verdict, detail, extra);
        }
    }

    public record Summary(List<Outcome> outcomes) {
        public long bad() {
            return count(Scenario.Expect.BAD, null);
        }

        public long caught() {
            return count(Scenario.Expect.BAD, Verdict.CAUGHT);
        }

        public long benign() {
            return count(Scenario.Expect.BENIGN, null);
        }

        public long decidedOnBenign() {
            return count(Scenario.Expect.BENIGN, Verdict.DECIDED);
        }

        /** The median detection of the caught runs, in seconds; NaN when none was caught. */
        public double medianDetection() {
            List<Double> times = outcomes.stream().filter(o -> o.verdict() == Verdict.CAUGHT)
                    .map(Outcome::detectionSeconds).sorted().toList();
            if (times.isEmpty()) {
                return Double.NaN;
            }
            int mid = times.size() / 2;
            return times.size() % 2 == 1 ? times.get(mid) : (times.get(mid - 1) + times.get(mid)) / 2;
        }

        public String line() {
            double median = medianDetection();
            return "caught %d/%d bad, decided on %d/%d benign, median detection %s s".formatted(caught(), bad(),
                    decidedOnBenign(), benign(), Double.isNaN(median) ? "-" : "%.1f".formatted(median));
        }

        private long count(Scenario.Expect expect, Verdict verdict) {
            return outcomes.stream().filter(o -> o.scenario().expect() == expect)
                    .filter(o -> o.verdict() != Verdict.SKIPPED && o.verdict() != Verdict.ERROR)
                    .filter(o -> verdict == null || o.verdict() == verdict).count();
        }
    }

    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final EmbeddedServer targets;
    private final EmbeddedServer states;
    private final Path scratch;
    private final PrintStream out;
    private final boolean amcheck;
    private int serial;

    private DecisionQuality(EmbeddedServer targets, EmbeddedServer states, Path scratch, PrintStream out) {
        this.targets = targets;
        this.states = states;
        this.scratch = scratch;
        this.out = out;
        Sql admin = new Sql(targets.address("postgres"));
        admin.execute("CREATE DATABASE " + TEMPLATE);
        Sql shop = new Sql(targets.address(TEMPLATE));
        boolean withAmcheck;
        try {
            shop.execute("CREATE EXTENSION amcheck");
            withAmcheck = true;
        } catch (IllegalStateException e) {
            withAmcheck = false;
            out.println("note: no amcheck on this server, the corruption check will be inconclusive");
        }
        this.amcheck = withAmcheck;
        Scenarios.SHOP.forEach(shop::execute);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Summary summary = run(options, System.out);
        appendRow(options, summary);
        boolean errored = summary.outcomes().stream().anyMatch(o -> o.verdict() == Verdict.ERROR);
        System.exit(options.strict() && (errored || summary.caught() < summary.bad() || summary.decidedOnBenign() > 0) ? 1 : 0);
    }

    /** Runs the chosen scenarios (all when {@code only} is empty), prints a line each and the summary line. */
    public static Summary run(Options options, PrintStream out) throws IOException {
        List<Scenario> chosen = Scenarios.all().stream()
                .filter(s -> options.only().isEmpty() || options.only().contains(s.name())).toList();
        Set<String> unknown = new HashSet<>(options.only());
        chosen.forEach(s -> unknown.remove(s.name()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no scenario named " + unknown + "; there are "
                    + Scenarios.all().stream().map(Scenario::name).collect(Collectors.joining(", ")));
        }
        Path scratch = options.work().resolve("quality");
        deleteRecursively(scratch);
        List<Outcome> outcomes = new ArrayList<>();
        try (EmbeddedServer targets = EmbeddedServer.start(scratch.resolve("target-pg"), EmbeddedServer.CLASSPATH_MAJOR);
             EmbeddedServer states = EmbeddedServer.start(scratch.resolve("state-pg"), EmbeddedServer.CLASSPATH_MAJOR)) {
            DecisionQuality suite = new DecisionQuality(targets, states, scratch, out);
            for (int run = 0; run < options.repeat(); run++) {
                for (Scenario scenario : chosen) {
                    Outcome outcome = suite.once(scenario);
                    outcomes.add(outcome);
                    out.println(outcome.line());
                    out.flush();
                }
            }
        } finally {
            deleteRecursively(scratch);
        }
        Summary summary = new Summary(outcomes);
        long left = outcomes.stream().filter(o -> o.verdict() == Verdict.SKIPPED || o.verdict() == Verdict.ERROR).count();
        if (left > 0) {
            out.println(left + " run(s) skipped or errored, left out of the score (see above)");
        }
        out.println(summary.line());
        return summary;
    }

    private Outcome once(Scenario scenario) {
        List<String> notes = new ArrayList<>();
        if (scenario.needs() != null && !onPath(scenario.needs())) {
            notes.add("skipped: " + scenario.needs() + " is not installed (bench/run quality installs it with apt-get)");
            return new Outcome(scenario, Verdict.SKIPPED, null, List.of(), notes);
        }
        int n = ++serial;
        String name = "q" + n;
        String database = "quality_" + n;
        Sql admin = new Sql(targets.address("postgres"));
        admin.execute("CREATE DATABASE " + database + " TEMPLATE " + TEMPLATE);
        Step.On on = new Step.On(targets, database, scratch.resolve(name), notes);
        Warden warden = null;
        Thread workload = null;
        try {
            Files.createDirectories(on.dir());
            scenario.setup().run(on);
            warden = Warden.start(ConfigLoader.parse(config(name, database), "decision quality", Map.of()), clock);
            baseline(warden, name, notes);
            Instant start = clock.instant();
            Instant[] ended = {null};
            Exception[] failed = {null};
            workload = new Thread(() -> {
                try {
                    scenario.workload().run(on);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    failed[0] = e;
                } finally {
                    ended[0] = clock.instant();
                }
            }, "quality-workload");
            workload.start();
            JsonArray decisions = new JsonArray();
            Instant hardStop = start.plus(scenario.window()).plus(OVERRUN);
            while (clock.instant().isBefore(hardStop)) {
                decisions = decisions(warden, name);
                if (scenario.expect() == Scenario.Expect.BAD && detection(scenario, decisions, start) != null) {
                    break;
                }
                Instant now = clock.instant();
                boolean windowOver = !now.isBefore(start.plus(scenario.window()));
                boolean settled = scenario.expect() == Scenario.Expect.BAD
                        || ended[0] != null && !now.isBefore(ended[0].plus(Scenario.SETTLE));
                if (windowOver && settled) {
                    break;
                }
                Thread.sleep(250);
            }
            workload.interrupt();
            workload.join(60_000);
            awaitOutcomes(warden, name);
            if (failed[0] != null) {
                // The scenario did not happen as written: scoring it either way would be a guess.
                notes.add("workload failed: " + failed[0].getMessage());
                return new Outcome(scenario, Verdict.ERROR, null, seen(decisions(warden, name), start), notes);
            }
            decisions = decisions(warden, name);
            List<String> seen = seen(decisions, start);
            if (scenario.expect() == Scenario.Expect.BAD) {
                Double detected = detection(scenario, decisions, start);
                return new Outcome(scenario, detected == null ? Verdict.MISSED : Verdict.CAUGHT, detected, seen, notes);
            }
            return new Outcome(scenario, decisions.isEmpty() ? Verdict.QUIET : Verdict.DECIDED, null, seen, notes);
        } catch (Exception e) {
            notes.add("the run failed: " + e);
            return new Outcome(scenario, Verdict.ERROR, null, List.of(), notes);
        } finally {
            if (workload != null && workload.isAlive()) {
                workload.interrupt();
            }
            if (warden != null) {
                warden.stop();
            }
            targets.start();
            admin.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** A verified clone snapshot, then every check's first result after it. */
    private void baseline(Warden warden, String name, List<String> notes) throws Exception {
        Instant asked = clock.instant();
        HttpResponse<String> snapshot = http.send(HttpRequest.newBuilder(URI.create(warden.baseUrl() + "/api/targets/"
                        + name + "/snapshots")).header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject backup = snapshot.statusCode() / 100 == 2 ? new JsonObject(snapshot.body()).getJsonObject("backup") : null;
        if (backup == null || !Boolean.TRUE.equals(backup.getBoolean("verified"))) {
            notes.add("snapshot not verified: " + snapshot.statusCode() + " " + snapshot.body());
        }
        Instant deadline = clock.instant().plus(BASELINE_WAIT);
        Set<String> expected = new HashSet<>(CHECKS);
        if (!amcheck) {
            expected.remove("corruption");
        }
        while (true) {
            JsonArray results = get(warden, "/api/targets/" + name + "/checks").getJsonArray("checks");
            Set<String> reported = new HashSet<>();
            List<String> notOk = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                JsonObject result = results.getJsonObject(i);
                if (Instant.parse(result.getString("at")).isAfter(asked)) {
                    reported.add(result.getString("check"));
                    if (!"ok".equals(result.getString("status"))) {
                        notOk.add(result.getString("check") + " " + result.getString("status") + " ("
                                + result.getString("summary") + ")");
                    }
                }
            }
            if (reported.containsAll(expected) && notOk.isEmpty() || clock.instant().isAfter(deadline)) {
                if (!reported.containsAll(expected)) {
                    Set<String> missing = new HashSet<>(expected);
                    missing.removeAll(reported);
                    notes.add("no baseline result of " + missing);
                }
                if (!notOk.isEmpty()) {
                    notes.add("baseline not ok: " + String.join(", ", notOk));
                }
                return;
            }
            Thread.sleep(200);
        }
    }

    /** Seconds from the workload's start to the first decision on an expected issue made after it; null if none. */
    private static Double detection(Scenario scenario, JsonArray decisions, Instant start) {
        Double best = null;
        for (int i = 0; i < decisions.size(); i++) {
            JsonObject decision = decisions.getJsonObject(i);
            Instant decided = Instant.parse(decision.getString("decided_at"));
            if (scenario.issues().contains(issue(decision)) && !decided.isBefore(start)) {
                double seconds = Duration.between(start, decided).toMillis() / 1000.0;
                best = best == null ? seconds : Math.min(best, seconds);
            }
        }
        return best;
    }

    private static List<String> seen(JsonArray decisions, Instant start) {
        List<String> seen = new ArrayList<>();
        for (int i = decisions.size() - 1; i >= 0; i--) {
            JsonObject d = decisions.getJsonObject(i);
            double at = Duration.between(start, Instant.parse(d.getString("decided_at"))).toMillis() / 1000.0;
            seen.add("%s/%s by %s at %+.1f s".formatted(issue(d), String.valueOf(d.getValue("severity")).toLowerCase(Locale.ROOT),
                    d.getValue("check"), at));
        }
        return seen;
    }

    private static String issue(JsonObject decision) {
        return String.valueOf(decision.getValue("issue")).toLowerCase(Locale.ROOT);
    }

    /** A decision just made may still be storing what became of it. */
    private void awaitOutcomes(Warden warden, String name) {
        Awaitility.await("outcomes settled").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> decisions(warden, name).stream().map(JsonObject.class::cast)
                        .noneMatch(d -> "pending".equals(d.getJsonObject("outcome").getString("kind"))));
    }

    private JsonArray decisions(Warden warden, String name) throws Exception {
        return get(warden, "/api/decisions?target=" + name).getJsonArray("decisions");
    }

    private JsonObject get(Warden warden, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(warden.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body());
    }

    private String config(String name, String database) {
        StringBuilder matrix = new StringBuilder();
        for (String issue : ISSUES) {
            for (String severity : SEVERITIES) {
                matrix.append("  - {issue: %s, severity: %s, strategy: read_only, time_budget: 15m, mode: dry_run}\n"
                        .formatted(issue, severity));
            }
        }
        PgAddress target = targets.address(database);
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s"}
                state: {url: "%s"}
                decision_matrix_defaults: true
                decision_matrix:
                %s
                targets:
                  - name: %s
                    url: "%s"
                    critical_tables: [%s]
                    heartbeat_interval: 1s
                    connection: {reconnect_initial_backoff: 200ms, reconnect_max_backoff: 1s}
                    snapshots: {schedule: "off", backup: clone}
                    checks:
                      row_count_drift: {schedule: 1s, timeout: 1s}
                      lock_waits: {schedule: 1s, timeout: 1s, warn_after: 3s, critical_after: 6s}
                      migration_duration: {schedule: 1s, timeout: 1s}
                      schema_drift: {schedule: 1s, timeout: 1s}
                      corruption: {enabled: %s, schedule: 2s, timeout: 2s, time_budget: 1s}
                      canary_queries: {schedule: 1s, timeout: 1s, queries: %s}
                      invalid_indexes: {schedule: 1s, timeout: 1s}
                      not_valid_constraints: {schedule: 1s, timeout: 1s}
                      lagging_sequences: {schedule: 2s, timeout: 2s}
                """.formatted(scratch.resolve(name).resolve("home"), states.address("state_" + name).uri(), matrix, name,
                target.uri(), String.join(", ", Scenarios.CRITICAL_TABLES), amcheck, Scenarios.CANARIES);
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static void appendRow(Options options, Summary summary) throws IOException {
        Path markdown = options.work().resolve("quality.md");
        Files.createDirectories(markdown.getParent());
        if (!Files.exists(markdown)) {
            Files.writeString(markdown, "| date | scenarios | repeat | summary | missed | decided on |\n|---|---|---|---|---|---|\n");
        }
        String missed = summary.outcomes().stream().filter(o -> o.verdict() == Verdict.MISSED)
                .map(o -> o.scenario().name()).distinct().collect(Collectors.joining(", "));
        String decided = summary.outcomes().stream().filter(o -> o.verdict() == Verdict.DECIDED)
                .map(o -> o.scenario().name()).distinct().collect(Collectors.joining(", "));
        Files.writeString(markdown, "| %s | %d | %d | %s | %s | %s |\n".formatted(LocalDate.now(),
                summary.outcomes().size() / Math.max(1, options.repeat()), options.repeat(), summary.line(), missed, decided),
                StandardOpenOption.APPEND);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
