package dev.warden.daemon.migrate;

import java.time.Duration;
import java.util.List;

/**
 * What a client asks for when it opens a migration.
 *
 * @param command       the command line the client runs, for the record only: the daemon never runs it
 * @param maxLockWait   how long other sessions may wait behind the migration's locks before its statement is cancelled
 * @param clientTimeout how long the daemon waits for a heartbeat or the finish before it ends the run as failed
 * @param force         overrides the refusals that may be overridden
 * @param dryRun        runs the pre-checks and says what would happen; opens nothing
 */
public record MigrationRequest(String target, List<DeclaredExpectation> expectations, Duration maxLockWait,
                               Duration clientTimeout, boolean force, boolean dryRun, List<String> command) {
    public static final Duration DEFAULT_MAX_LOCK_WAIT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CLIENT_TIMEOUT = Duration.ofSeconds(30);

    public MigrationRequest {
        expectations = List.copyOf(expectations);
        command = List.copyOf(command);
    }
}
