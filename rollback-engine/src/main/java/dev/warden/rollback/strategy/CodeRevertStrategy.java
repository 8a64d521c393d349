package dev.warden.rollback.strategy;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.StrategyKind;
import dev.warden.rollback.engine.DataImpact;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStrategy;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.engine.Steps;
import dev.warden.rollback.external.CommandRunner;
import dev.warden.rollback.engine.DecisionContext;
import dev.warden.rollback.external.HttpCaller;
import dev.warden.rollback.external.HttpRequestSettings;
import dev.warden.config.Redaction;
import dev.warden.rollback.external.Template;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
/**
 * Asks the deploy system to roll the code back ({@code request_code_revert}: a webhook or a
 * command, with the rollback's context), then, when a success check is configured, waits until it
 * passes ({@code await_revert_success}). The rollback id travels as the {@code Idempotency-Key}
 * header and {@code WARDEN_IDEMPOTENCY_KEY}: a request repeated after a restart (when the success
 * check cannot tell that the first one got through) is recognised by deploy systems that honour it.
 * No database changes.
 */
public final class CodeRevertStrategy implements RollbackStrategy {
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final Vertx vertx;
    private final Function<String, Optional<CodeRevertSettings>> settings;
    private final HttpCaller http;
    private final CommandRunner commands;

    /** @param settings the code_revert settings of a target, by the target's name */
    public CodeRevertStrategy(Vertx vertx, Function<String, Optional<CodeRevertSettings>> settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.http = new HttpCaller(WebClient.create(vertx));
        this.commands = new CommandRunner(vertx);
    }

    @Override
    public StrategyKind kind() {
        return StrategyKind.CODE_REVERT;
    }

    /** Whether {@code target} has code_revert settings (full_rollback reverts the code only then). */
    boolean configured(String target) {
        return settings.apply(target).isPresent();
    }

    @Override
    public Future<RollbackPlan> plan(RollbackRequest request) {
        Optional<CodeRevertSettings> found = settings.apply(request.target());
        if (found.isEmpty()) {
            return refuse(request, "the target has no rollback.code_revert settings");
        }
        CodeRevertSettings revert = found.get();
        try {
            if (revert.webhook() != null) {
                revert.webhook().requireKnownPlaceholders("code_revert.webhook", DecisionContext.NAMES);
            }
            if (revert.successCheck() != null && revert.successCheck().url() != null) {
                Template.requireKnown("code_revert.success_check.url", revert.successCheck().url(), DecisionContext.NAMES);
            }
        } catch (IllegalArgumentException e) {
            return refuse(request, e.getMessage());
        }
        String how = revert.webhook() != null ? revert.webhook().method() + " " + Redaction.url(revert.webhook().url())
                : "command " + revert.command().program();
        List<String> notes = new ArrayList<>();
        notes.add("no database change: the deploy system is asked to revert the code (" + how + ", "
                + IDEMPOTENCY_HEADER + " = the rollback id)");
        notes.add(revert.successCheck() == null ? "no success check is configured: Warden cannot see when the revert"
                + " is live" : "then Warden waits up to " + revert.successCheck().timeout() + " for the success check");
        return Future.succeededFuture(RollbackPlan.create(kind(), request, steps(request),
                new DataImpact(List.of(), List.of(), notes)));
    }

    @Override
    public List<Step> steps(RollbackRequest request) {
        Optional<CodeRevertSettings> found = settings.apply(request.target());
        if (found.isEmpty()) {
            return List.of(Steps.of("code_revert_settings_missing", false,
                    ctx -> Future.failedFuture(new IllegalStateException("target " + request.target()
                            + " has no rollback.code_revert settings")),
                    ctx -> Future.succeededFuture(false)));
        }
        CodeRevertSettings revert = found.get();
        Optional<SuccessCheck> check = Optional.ofNullable(revert.successCheck())
                .map(s -> new SuccessCheck(vertx, http, commands, s));
        List<Step> steps = new ArrayList<>();
        steps.add(Steps.of("request_code_revert", true, ctx -> requestRevert(ctx, revert),
                ctx -> check.map(c -> c.once(values(ctx)).map(SuccessCheck.Result::passed))
                        .orElse(Future.succeededFuture(false))));
        check.ifPresent(c -> steps.add(Steps.of("await_revert_success", false,
                ctx -> c.await(values(ctx)).map(result -> {
                    ctx.note("revert is live: " + result.seen());
                    return null;
                }),
                ctx -> c.once(values(ctx)).map(SuccessCheck.Result::passed))));
        return steps;
    }

    private Future<Void> requestRevert(StepContext ctx, CodeRevertSettings revert) {
        Map<String, String> values = values(ctx);
        if (revert.webhook() != null) {
            HttpRequestSettings webhook = revert.webhook().body() != null ? revert.webhook()
                    : new HttpRequestSettings(revert.webhook().method(), revert.webhook().url(),
                            revert.webhook().headers(), defaultBody(), revert.webhook().timeout());
            return http.send(webhook, values, Map.of(IDEMPOTENCY_HEADER, ctx.rollbackId())).map(response -> {
                ctx.note("deploy system answered HTTP " + response.statusCode() + " to "
                        + HttpCaller.describe(webhook, values));
                return null;
            });
        }
        Map<String, String> env = DecisionContext.environment(values);
        env.put("WARDEN_IDEMPOTENCY_KEY", ctx.rollbackId());
        return commands.run(revert.command(), env, List.of()).map(stdout -> {
            ctx.note(revert.command().program() + " exited 0" + (stdout.isEmpty() ? ""
                    : ": " + Redaction.mask(stdout.get(stdout.size() - 1), Redaction.values(revert.command().env()))));
            return null;
        });
    }

    private static Map<String, String> values(StepContext ctx) {
        return DecisionContext.values(ctx.request(), ctx.rollbackId(), StrategyKind.CODE_REVERT);
    }

    /** Every context value as a JSON string field. */
    private static String defaultBody() {
        return DecisionContext.NAMES.stream().sorted().map(name -> "\"" + name + "\": \"{{" + name + "}}\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private <T> Future<T> refuse(RollbackRequest request, String why) {
        return Future.failedFuture(new WardenException(ErrorCode.FAILED, "cannot plan code_revert for target "
                + request.target() + ": " + why));
    }
}
