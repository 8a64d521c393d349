package dev.warden.rollback.backup;

import dev.warden.rollback.external.ProcessOutcome;
import dev.warden.rollback.external.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
/**
 * The major version of a local PostgreSQL client program, and the rule that pg_dump refuses a
 * server newer than itself (and we would rather say so before it half-writes a file).
 */
final class ClientVersion {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+(?:\\.\\d+)*)");

    private ClientVersion() {
    }

    /** Runs {@code <program> --version} (blocking) and returns what it printed, e.g. "15.18". */
    static String of(String program) {
        ProcessOutcome outcome;
        try {
            outcome = ProcessRunner.run(List.of(program, "--version"), Map.of(), Duration.ofSeconds(30),
                    line -> { }, line -> { });
        } catch (IOException e) {
            throw new BackupException(program + " cannot be run (" + e.getMessage() + "): install the PostgreSQL"
                    + " client tools (apt-get install postgresql-client) or configure the program's path", e);
        }
        String printed = String.join(" ", outcome.stdoutTail());
        Matcher version = VERSION.matcher(printed);
        if (!outcome.succeeded() || !version.find()) {
            throw new BackupException(program + " --version did not print a PostgreSQL version: " + printed);
        }
        return version.group(1);
    }

    /** 15 for "15.18", 9 for "9.6.24". */
    static int major(String version) {
        return Integer.parseInt(version.split("\\.")[0]);
    }

    /** Fails unless {@code pg_dump} of version {@code client} can dump a server of {@code serverVersionNum}. */
    static void requireDumpable(String program, String client, int serverVersionNum, String serverVersion) {
        int serverMajor = serverVersionNum / 10000;
        if (major(client) < serverMajor) {
            throw new BackupException("pg_dump " + client + " (" + program + ") is older than the server, PostgreSQL "
                    + serverVersion + ", and cannot dump it: install a postgresql-client of major " + serverMajor
                    + " or newer (e.g. postgresql-client-" + serverMajor + " from the PostgreSQL apt repository)"
                    + " and point Warden's pg_dump setting at it, or use the clone or command backup kind");
        }
    }
}
