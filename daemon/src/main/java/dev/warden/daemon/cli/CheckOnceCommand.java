package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.activity.ActivitySource;
import dev.warden.checks.builtin.Repetition;
import dev.warden.config.TargetConfig;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.Version;
import dev.warden.daemon.Warden;
import dev.warden.daemon.check.ResultListener;
import dev.warden.daemon.check.TargetChecks;
import dev.warden.daemon.snapshot.SnapshotMetrics;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.snapshot.SnapshotService;
import dev.warden.daemon.snapshot.SnapshotStore;
import dev.warden.daemon.snapshot.SnapshotTaint;
import dev.warden.daemon.state.StateStore;
import dev.warden.postgres.Connections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
/**
 * {@code warden check --once}: every configured check of every target (or one), once, against the
 * newest snapshot as baseline; prints the results and decides nothing. A check that could not tell is
 * not a breach (Warden never acts on one), so it has an exit code of its own.
 */
@Command(name = "check", description = "Run every configured check once and print the results (decides nothing).",
        exitCodeList = {
                "0:Every check passed.",
                "1:A check breached a limit.",
                "2:Bad usage or configuration.",
                "3:No breach, but a check could not tell (inconclusive): connection, timeout, missing extension."},
        footerHeading = "%nExamples:%n", footer = {
                "  warden check --once --config warden.yaml",
                "  warden check --once --config warden.yaml --target orders || echo \"exit $?\""})
final class CheckOnceCommand implements Callable<Integer> {
    private static final Duration LIMIT = Duration.ofMinutes(5);
    static final int BREACHED = 1;
    static final int INCONCLUSIVE = 3;

    private final Map<String, String> env;
    private final PrintStream out;

    @Option(names = "--once", required = true, description = "Run once and exit (the daemon runs checks on schedules).")
    boolean once;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (default: $WARDEN_CONFIG).")
    Path config;

    @Option(names = "--target", paramLabel = "T", description = "Only this target.")
    String only;

    CheckOnceCommand(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    @Override
    public Integer call() {
        WardenConfig resolved = ConfigSource.given(config, env);
        if (resolved == null) {
            throw new WardenException(ErrorCode.BAD_USAGE, "no configuration: give --config FILE or set WARDEN_CONFIG");
        }
        List<TargetConfig> targets = resolved.targets().stream().filter(t -> only == null || t.name().equals(only)).toList();
        if (targets.isEmpty()) {
            throw new WardenException(ErrorCode.BAD_USAGE, "no target named \"" + only + "\" in the configuration");
        }
        Vertx vertx = Vertx.vertx();
        try {
            StateStore state = StateStore.open(vertx, resolved.stateConnection(), false);
            WardenMetrics metrics = new WardenMetrics(Version.current());
            SnapshotStore snapshots = new SnapshotStore(state);
            List<Future<List<CheckResult>>> runs = new ArrayList<>();
            for (TargetConfig target : targets) {
                Pool pool = Connections.pool(vertx, target.name(), target.connection(), target.session());
                SnapshotService service = new SnapshotService(vertx, target, pool, snapshots,
                        new SnapshotMetrics(metrics, Clock.systemUTC()), Clock.systemUTC(), SnapshotTaint.NONE);
                TargetChecks checks = new TargetChecks(vertx, target, pool, state, service, ResultListener.NONE, metrics,
                        Clock.systemUTC(), Repetition.ONCE, ActivitySource.direct());
                // Without a reachable state store the checks run without a baseline, and say so.
                runs.add(service.load().recover(e -> Future.succeededFuture()).compose(v -> checks.runAll()));
            }
            List<List<CheckResult>> results = Warden.await(Future.all(runs).map(all -> runs.stream().map(Future::result)
                    .toList()), LIMIT, "running the checks");
            boolean breached = false;
            boolean inconclusive = false;
            for (int i = 0; i < targets.size(); i++) {
                for (CheckResult result : results.get(i)) {
                    out.printf("%-16s %-20s %-12s %s%n", targets.get(i).name(), result.check(),
                            result.status().name().toLowerCase()
                                    + (result.isBreach() ? " " + result.severity().name().toLowerCase() : ""),
                            result.summary());
                    breached |= result.status() == CheckStatus.BREACH;
                    inconclusive |= result.status() == CheckStatus.INCONCLUSIVE;
                }
            }
            return breached ? BREACHED : inconclusive ? INCONCLUSIVE : 0;
        } finally {
            vertx.close();
        }
    }
}
