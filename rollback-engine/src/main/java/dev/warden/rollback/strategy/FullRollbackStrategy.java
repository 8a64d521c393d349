package dev.warden.rollback.strategy;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.StrategyKind;
import dev.warden.rollback.backup.SqlText;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStrategy;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.Steps;
import dev.warden.rollback.swap.Catalog;
import dev.warden.rollback.swap.SwapNames;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
/**
 * The runbooks' answer to data corruption: stop writes, keep the damaged data, restore the last
 * verified backup, verify it, revert the code, allow writes again. Made of the other strategies'
 * steps, each named {@code <strategy>.<step>}:
 * <ol>
 * <li>{@code read_only.*}: new sessions of the target refuse writes; every client session is terminated.</li>
 * <li>No separate pre-rollback backup: the swap keeps the damaged database as
 *     {@code <db>__replaced_<stamp>}, never dropped, still read-only (the setting belongs to it). That is
 *     the pre-rollback copy, exactly as it was once writes stopped, at no cost; a clone would copy the
 *     same data and cut the clients off once more.</li>
 * <li>{@code branch_swap.*}: restore beside the target and carry its privileges over;
 *     {@code keep_restore_read_only}, so that the restore takes the target's name refusing writes;
 *     {@code branch_swap.verify_restore} (a restore that does not match its backup is not swapped in:
 *     the target keeps its data and stays read-only, the rollback ends partial and a human decides);
 *     then the renames.</li>
 * <li>{@code code_revert.*}, when the target has code_revert settings; otherwise one step
 *     {@code code_revert}, listed as skipped with why (see {@link Step#skipped}), never silently absent.</li>
 * <li>{@code lift_read_only.*}: writes are allowed again on the database now holding the target's
 *     name, only once every earlier step succeeded.</li>
 * </ol>
 */
public final class FullRollbackStrategy implements RollbackStrategy {
    static final String NO_CODE_REVERT = "the target has no code_revert settings (targets[].rollback.code_revert):"
            + " the code is not reverted";
    private final ReadOnlyStrategy readOnly;
    private final BranchSwapStrategy branchSwap;
    private final Optional<CodeRevertStrategy> codeRevert;
    private final String noCodeRevert;

    /** Without code revert: the code is left as it is. */
    public FullRollbackStrategy(ReadOnlyStrategy readOnly, BranchSwapStrategy branchSwap) {
        this(readOnly, branchSwap, Optional.empty(), NO_CODE_REVERT);
    }

    /** With code revert, for the targets that have code_revert settings. */
    public FullRollbackStrategy(ReadOnlyStrategy readOnly, BranchSwapStrategy branchSwap, CodeRevertStrategy codeRevert) {
        this(readOnly, branchSwap, Optional.of(codeRevert), NO_CODE_REVERT);
    }

    /**
     * Its database part alone, whatever the target's settings: the code_revert step is listed as
     * skipped because {@code why} (a drill on a copy must not call the deploy system).
     */
    public static FullRollbackStrategy databaseOnly(ReadOnlyStrategy readOnly, BranchSwapStrategy branchSwap, String why) {
        return new FullRollbackStrategy(readOnly, branchSwap, Optional.empty(), why);
    }

    private FullRollbackStrategy(ReadOnlyStrategy readOnly, BranchSwapStrategy branchSwap,
                                 Optional<CodeRevertStrategy> codeRevert, String noCodeRevert) {
        this.readOnly = readOnly;
        this.branchSwap = branchSwap;
        this.codeRevert = codeRevert;
        this.noCodeRevert = noCodeRevert;
    }

    @Override
    public StrategyKind kind() {
        return StrategyKind.FULL_ROLLBACK;
    }

    @Override
    public Future<RollbackPlan> plan(RollbackRequest request) {
        if (request.options().lift()) {
            return refuse(request, "it has no lift: writes are allowed again by its own last steps");
        }
        Optional<CodeRevertStrategy> revert = reverter(request);
        return branchSwap.plan(request)
                .compose(swap -> readOnly.plan(request).compose(stop -> revert
                        .map(r -> r.plan(request).map(Optional::of))
                        .orElse(Future.succeededFuture(Optional.empty()))
                        .map(code -> RollbackPlan.create(kind(), request, steps(request),
                                FullRollbackImpact.of(SwapNames.of(request), request.backup(), stop.impact(),
                                        swap.impact(), code.map(RollbackPlan::impact))))))
                .recover(e -> refuse(request, e.getMessage()));
    }

    @Override
    public List<Step> steps(RollbackRequest request) {
        RollbackRequest applying = request.withOptions(applying(request.options()));
        List<Step> steps = new ArrayList<>(PrefixedStep.all("read_only", readOnly.steps(applying)));
        steps.addAll(PrefixedStep.all("branch_swap", BranchSwapStrategy.restoreSteps(applying,
                Set.of(ReadOnlyStrategy.SETTING))));
        steps.add(keepRestoreReadOnly(SwapNames.of(applying)));
        steps.add(new PrefixedStep("branch_swap", BranchSwapStrategy.verifyStep(applying)));
        steps.addAll(PrefixedStep.all("branch_swap", BranchSwapStrategy.swapSteps(applying)));
        reverter(request).ifPresentOrElse(r -> steps.addAll(PrefixedStep.all("code_revert", r.steps(applying))),
                () -> steps.add(Steps.skipped("code_revert", noCodeRevert)));
        steps.addAll(PrefixedStep.all("lift_read_only",
                readOnly.steps(applying.withOptions(applying.options().lifting()))));
        requireUniqueNames(steps);
        return steps;
    }

    private Optional<CodeRevertStrategy> reverter(RollbackRequest request) {
        return codeRevert.filter(r -> r.configured(request.target()));
    }

    /**
     * The restore is a copy of a backup taken before writes stopped, so it does not refuse writes by
     * itself: it is made to, before it takes the target's name, until the lift at the end.
     */
    private static Step keepRestoreReadOnly(SwapNames names) {
        String restored = SqlText.identifier(names.restored());
        return Steps.of("keep_restore_read_only", true,
                ctx -> ctx.onMaintenance(c -> c.query("ALTER DATABASE " + restored + " SET " + ReadOnlyStrategy.SETTING
                        + " = on").execute()).map(v -> {
                            ctx.note(names.restored() + " refuses writes from new sessions until the rollback is"
                                    + " verified and lifted");
                            return null;
                        }),
                ctx -> ctx.onMaintenance(c -> Catalog.exists(c, names.restored()).compose(present -> present
                        ? ReadOnlyStrategy.readOnly(c, names.restored())
                        : Catalog.exists(c, names.replaced()))));
    }

    private static RollbackOptions applying(RollbackOptions o) {
        return new RollbackOptions(o.criticalTables(), false, o.sessionsGoneBound(), o.restoreTimeout(), o.pgRestore(),
                o.pinned());
    }

    /** The journal matches resumed steps by name and position: a duplicate would be a bug here, not the user's. */
    private static void requireUniqueNames(List<Step> steps) {
        HashSet<String> seen = new HashSet<>();
        steps.forEach(step -> {
            if (!seen.add(step.name())) {
                throw new IllegalStateException("full_rollback has two steps named " + step.name());
            }
        });
    }

    private <T> Future<T> refuse(RollbackRequest request, String why) {
        return Future.failedFuture(new WardenException(ErrorCode.FAILED, "cannot plan full_rollback for target "
                + request.target() + ": " + why));
    }
}
