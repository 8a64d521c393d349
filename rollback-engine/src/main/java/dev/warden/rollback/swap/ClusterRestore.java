package dev.warden.rollback.swap;

import dev.warden.rollback.backup.BackupMethod;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A target whose backups are restored to the whole cluster by the user's tool (pgBackRest, a cloud
 * snapshot) rather than beside the target.
 *
 * @param command         the argv of {@code snapshots.restore_command}
 * @param timeout         how long the command and the server's return may take together
 * @param currentState    the target's backup method, which keeps what the restore replaces: taken
 *                        and verified right before the restore (for a restore point, a second named
 *                        point on the old timeline, confirmed archived)
 */
public record ClusterRestore(List<String> command, Duration timeout, BackupMethod currentState) {

    public ClusterRestore {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a cluster restore needs a command");
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(currentState, "currentState");
    }

    /** Whether backups of {@code kind} are restored this way: restore points and command backups. */
    public static boolean restores(String kind) {
        return "restore_point".equals(kind) || "command".equals(kind);
    }
}
