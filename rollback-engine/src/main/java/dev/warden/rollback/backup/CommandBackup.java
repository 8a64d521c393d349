package dev.warden.rollback.backup;

import dev.warden.postgres.PgEnvironment;
import dev.warden.rollback.external.ProcessOutcome;
import dev.warden.rollback.external.ProcessRunner;
import dev.warden.config.Redaction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backup taken by the user's own program (pgBackRest, a cloud snapshot, a Neon branch). The
 * command is an argv list, run without a shell unless it says {@code sh -c ...}, with the target's
 * connection in libpq's variables and {@code WARDEN_BACKUP_NAME}, {@code WARDEN_TARGET},
 * {@code WARDEN_REASON}. Its last line on stdout is the backup's location, or a JSON object with
 * {@code location}, {@code id}, {@code size_bytes}, {@code checksum} and anything else worth keeping.
 * The verify command, if any, also gets {@code WARDEN_BACKUP_ID} and {@code WARDEN_BACKUP_LOCATION}.
 */
public final class CommandBackup implements BackupMethod {
    private final Clock clock;
    private final List<String> createCommand;
    private final List<String> verifyCommand;
    private final Duration timeout;
    private final WorkerExecutor workers;

    /** @param verifyCommand empty when the user gave none: backups then stay unverified */
    public CommandBackup(Vertx vertx, Clock clock, List<String> createCommand, List<String> verifyCommand,
                         Duration timeout) {
        if (createCommand.isEmpty()) {
            throw new IllegalArgumentException("the command backup kind needs a command to run");
        }
        this.clock = clock;
        this.createCommand = List.copyOf(createCommand);
        this.verifyCommand = List.copyOf(verifyCommand);
        this.timeout = timeout;
        this.workers = BackupWorkers.of(vertx);
    }

    @Override
    public String kind() {
        return "command";
    }

    @Override
    public Future<Backup> create(BackupRequest request) {
        return workers.executeBlocking(() -> runCreate(request), false);
    }

    @Override
    public Future<Verification> verify(Backup backup, BackupRequest request) {
        if (verifyCommand.isEmpty()) {
            return Future.succeededFuture(Verification.failed("no verify command configured", List.of()));
        }
        return workers.executeBlocking(() -> runVerify(backup, request), false)
                .recover(e -> Future.succeededFuture(Verification.failed(
                        "could not run the verify command: " + e.getMessage(), List.of())));
    }

    private Backup runCreate(BackupRequest request) throws IOException {
        Instant createdAt = clock.instant();
        ProcessOutcome outcome = run(createCommand, environment(request), request);
        if (!outcome.succeeded()) {
            throw new BackupException("backup command " + createCommand.get(0) + " failed" + why(outcome, request));
        }
        String password = request.source().getPassword();
        JsonObject printed = CommandOutput.parse(outcome.stdoutTail());
        if (printed == null) {
            throw new BackupException("backup command " + createCommand.get(0) + " printed nothing on stdout: its"
                    + " last line must be the backup's location or a JSON object with a \"location\"");
        }
        String location = printed.getString("location", printed.getString("id"));
        String id = printed.getString("id", location);
        Map<String, String> details = new LinkedHashMap<>();
        printed.forEach(field -> details.put(field.getKey(), Redaction.mask(String.valueOf(field.getValue()), password)));
        details.put("reason", request.reason());
        return new Backup(id, kind(), Redaction.mask(location, password), printed.getValue("size_bytes") instanceof Number size ? size.longValue() : -1,
                createdAt, printed.getString("checksum"), false, Map.of(), details);
    }

    private Verification runVerify(Backup backup, BackupRequest request) throws IOException {
        Map<String, String> env = environment(request);
        env.put("WARDEN_BACKUP_ID", backup.id());
        env.put("WARDEN_BACKUP_LOCATION", backup.location());
        ProcessOutcome outcome = run(verifyCommand, env, request);
        String password = request.source().getPassword();
        List<String> evidence = outcome.stdoutTail().stream().map(line -> Redaction.mask(line, password)).toList();
        return outcome.succeeded()
                ? Verification.passed("verify command " + verifyCommand.get(0) + " succeeded", evidence)
                : Verification.failed("verify command " + verifyCommand.get(0) + " failed" + why(outcome, request),
                        evidence);
    }

    private ProcessOutcome run(List<String> argv, Map<String, String> env, BackupRequest request) throws IOException {
        try {
            return ProcessRunner.run(argv, env, timeout, line -> { }, line -> { });
        } catch (IOException e) {
            throw new IOException("cannot run " + argv.get(0) + ": "
                    + Redaction.mask(e.getMessage(), request.source().getPassword()), e);
        }
    }

    private Map<String, String> environment(BackupRequest request) {
        Map<String, String> env = new LinkedHashMap<>(PgEnvironment.of(request.source()));
        env.put("WARDEN_BACKUP_NAME", request.backupName());
        env.put("WARDEN_TARGET", request.target());
        env.put("WARDEN_REASON", request.reason());
        return env;
    }

    private String why(ProcessOutcome outcome, BackupRequest request) {
        String stderr = outcome.stderrText(request.source().getPassword());
        return " (" + outcome.ending(timeout) + ")" + (stderr.isBlank() ? "" : ": " + stderr);
    }
}
