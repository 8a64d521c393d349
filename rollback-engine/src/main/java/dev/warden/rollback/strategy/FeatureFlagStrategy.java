package dev.warden.rollback.strategy;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.StrategyKind;
import dev.warden.postgres.Connections;
import dev.warden.rollback.engine.DataImpact;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStrategy;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.Steps;
import dev.warden.rollback.external.HttpCaller;
import dev.warden.config.Redaction;
import dev.warden.rollback.flag.FeatureFlagSettings;
import dev.warden.rollback.flag.FlagRow;
import dev.warden.rollback.flag.HttpFlag;
import dev.warden.rollback.flag.SqlFlagSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
/**
 * Turns the target's feature flag off, in one step: a row of a flags table in the target
 * ({@code set_flag_row_off}), Unleash's admin API ({@code turn_unleash_flag_off}) or any flag
 * service ({@code call_flag_service}). Turning a flag off is idempotent, so a step that cannot read
 * the flag's state simply calls again after a restart. No data changes; the flag's settings come
 * from the target's {@code rollback.feature_flag} configuration.
 */
public final class FeatureFlagStrategy implements RollbackStrategy {
    private final Vertx vertx;
    private final Function<String, Optional<FeatureFlagSettings>> settings;
    private final HttpFlag http;

    /** @param settings the feature_flag settings of a target, by the target's name */
    public FeatureFlagStrategy(Vertx vertx, Function<String, Optional<FeatureFlagSettings>> settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.http = new HttpFlag(new HttpCaller(WebClient.create(vertx)));
    }

    @Override
    public StrategyKind kind() {
        return StrategyKind.FEATURE_FLAG;
    }

    @Override
    public Future<RollbackPlan> plan(RollbackRequest request) {
        Optional<FeatureFlagSettings> found = settings.apply(request.target());
        if (found.isEmpty()) {
            return refuse(request, "the target has no rollback.feature_flag settings");
        }
        FeatureFlagSettings flag = found.get();
        try {
            http.requireKnownPlaceholders(flag);
        } catch (IllegalArgumentException e) {
            return refuse(request, e.getMessage());
        }
        Future<String> impact = flag.sql() != null ? sqlImpact(request, flag.sql())
                : Future.succeededFuture("no data changes in the database: " + (flag.unleash() != null
                        ? "Unleash flag " + flag.flag() + " (project " + flag.unleash().project() + ", environment "
                                + flag.unleash().environment() + ") is turned off at "
                                + Redaction.url(flag.unleash().url())
                        : "flag " + flag.flag() + " is turned off by " + flag.http().request().method() + " "
                                + Redaction.url(flag.http().request().url())));
        return impact.recover(e -> refuse(request, e.getMessage()))
                .map(note -> RollbackPlan.create(kind(), request, steps(request), DataImpact.none(note)));
    }

    @Override
    public List<Step> steps(RollbackRequest request) {
        Optional<FeatureFlagSettings> found = settings.apply(request.target());
        if (found.isEmpty()) {
            return List.of(Steps.of("feature_flag_settings_missing", false,
                    ctx -> Future.failedFuture(new IllegalStateException("target " + request.target()
                            + " has no rollback.feature_flag settings")),
                    ctx -> Future.succeededFuture(false)));
        }
        FeatureFlagSettings flag = found.get();
        if (flag.sql() != null) {
            FlagRow row = new FlagRow(flag.sql());
            return List.of(Steps.of("set_flag_row_off", true,
                    ctx -> ctx.onTarget(row::turnOff).map(count -> {
                        ctx.note("set " + flag.sql().table() + "." + flag.sql().valueColumn() + " to "
                                + flag.sql().offValue() + " for flag " + flag.flag() + " (" + count + " row(s))");
                        return null;
                    }),
                    ctx -> ctx.onTarget(row::isOff)));
        }
        return List.of(http.step(flag));
    }

    private Future<String> sqlImpact(RollbackRequest request, SqlFlagSettings sql) {
        FlagRow row = new FlagRow(sql);
        return Connections.connect(vertx, request.connection())
                .compose(c -> row.current(c).eventually(c::close))
                .compose(value -> value.isEmpty()
                        ? Future.failedFuture(new IllegalStateException("no row of " + sql.table() + " has "
                                + sql.keyColumn() + " = " + sql.key()))
                        : Future.succeededFuture("one value changes, and this journaled plan keeps the one it"
                                + " replaces: flag " + sql.key() + " in " + sql.table() + "." + sql.valueColumn()
                                + " is now " + value.get() + " and is set to " + sql.offValue()));
    }

    private <T> Future<T> refuse(RollbackRequest request, String why) {
        return Future.failedFuture(new WardenException(ErrorCode.FAILED, "cannot plan feature_flag for target "
                + request.target() + ": " + why));
    }
}
