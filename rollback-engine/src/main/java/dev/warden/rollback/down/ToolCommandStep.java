package dev.warden.rollback.down;

import dev.warden.config.StrategyKind;
import dev.warden.postgres.PgEnvironment;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.external.CommandRunner;
import dev.warden.rollback.engine.DecisionContext;
import io.vertx.core.Future;
import io.vertx.pgclient.PgConnectOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
/**
 * The command tool of down_migration: the migration tool's own rollback ({@code liquibase
 * rollback-count 1}, {@code npx knex migrate:down}...) with the target's connection in libpq's
 * variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE), the rollback's
 * {@code WARDEN_*} variables and {@code WARDEN_DOWN_VERSIONS} (the pinned versions, newest first,
 * comma-separated). The tool records the rollback itself; done() reads its history through the
 * checks' reader: none of the pinned versions may still be applied.
 */
public final class ToolCommandStep implements Step {
    private final DownMigrationSettings settings;
    private final List<String> versions;
    private final CommandRunner commands;
    private final MigrationLedger ledger;

    public ToolCommandStep(DownMigrationSettings settings, List<String> versions, CommandRunner commands) {
        this.settings = settings;
        this.versions = List.copyOf(versions);
        this.commands = commands;
        this.ledger = Ledgers.of(settings);
    }

    @Override
    public String name() {
        return "run_migration_tool";
    }

    @Override
    public boolean destructive() {
        return true;
    }

    @Override
    public Future<Boolean> done(StepContext ctx) {
        return ctx.onTarget(c -> ledger.stillApplied(c, versions)).map(List::isEmpty);
    }

    @Override
    public Future<Void> run(StepContext ctx) {
        PgConnectOptions target = ctx.target();
        Map<String, String> env = new LinkedHashMap<>(DecisionContext.environment(
                DecisionContext.values(ctx.request(), ctx.rollbackId(), StrategyKind.DOWN_MIGRATION)));
        env.put("WARDEN_DOWN_VERSIONS", String.join(",", versions));
        env.putAll(PgEnvironment.of(target));
        List<String> secrets = new ArrayList<>();
        if (target.getPassword() != null) {
            secrets.add(target.getPassword());
        }
        return commands.run(settings.command(), env, secrets)
                .compose(out -> done(ctx).compose(undone -> undone ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new IllegalStateException(settings.command().program() + " exited 0 but"
                                + " the history still shows some of " + versions + " applied"))))
                .onSuccess(v -> ctx.note(settings.command().program() + " undid version(s) " + versions));
    }
}
