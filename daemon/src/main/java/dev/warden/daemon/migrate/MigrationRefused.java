package dev.warden.daemon.migrate;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import java.util.List;

/** The pre-checks refused to open a migration (409): each refusal named, and whether --force would pass it. */
public final class MigrationRefused extends WardenException {
    private final transient List<Refusal> refusals;

    MigrationRefused(List<Refusal> refusals) {
        super(ErrorCode.BUSY, "refused: " + String.join("; ", refusals.stream().map(Refusal::toString).toList())
                + (refusals.stream().allMatch(Refusal::overridable) ? " (--force overrides these)" : ""));
        this.refusals = List.copyOf(refusals);
    }

    public List<Refusal> refusals() {
        return refusals;
    }
}
