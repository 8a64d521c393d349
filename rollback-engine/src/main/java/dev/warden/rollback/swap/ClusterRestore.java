package dev.warden.rollback.swap;

import dev.warden.rollback.backup.BackupMethod;
import dev.warden.rollback.external.CommandSettings;
import java.util.Objects;

/**
 * A target whose backups are restored to the whole cluster by the user's tool (pgBackRest, a cloud
 * snapshot) rather than beside the target.
 *
 * @param command         {@code snapshots.restore_command}; its timeout bounds the command and the
 *                        server's return together
 * @param currentState    the target's backup method, which keeps what the restore replaces: taken
 *                        and verified right before the restore (for a restore point, a second named
 *                        point on the old timeline, confirmed archived)
 */
public record ClusterRestore(CommandSettings command, BackupMethod currentState) {

    public ClusterRestore {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(currentState, "currentState");
    }

    /** Whether backups of {@code kind} are restored this way: restore points and command backups. */
    public static boolean restores(String kind) {
        return "restore_point".equals(kind) || "command".equals(kind);
    }
}
