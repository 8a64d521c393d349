package dev.warden.rollback.swap;

import dev.warden.rollback.backup.BackupNames;
import dev.warden.rollback.engine.RollbackRequest;

/**
 * The databases a swap deals with, named from the request alone so that a resumed swap finds them
 * again: {@code orders__restored_20261122T031500Z} (the restore, renamed to the target's name at the
 * end) and {@code orders__replaced_20261122T031500Z} (the database that held the target's name;
 * kept, never dropped). The target's part is cut so that each name fits PostgreSQL's 63 bytes.
 *
 * @param target   the target database's name
 * @param restored the restore's name until the swap
 * @param replaced the replaced database's name after the swap
 */
public record SwapNames(String target, String restored, String replaced) {

    public static SwapNames of(RollbackRequest request) {
        String stamp = BackupNames.stamp(request.requestedAt());
        String target = request.database();
        return new SwapNames(target, BackupNames.withSuffix(target, "__restored_" + stamp),
                BackupNames.withSuffix(target, "__replaced_" + stamp));
    }
}
