package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL 15 cluster (pgBackRest 2.45 supports up to 15) archiving its WAL into a pgBackRest
 * repository on local disk, with its own pgbackrest.conf and a full backup, and the restore script
 * an operator would give Warden as {@code restore_command}: stop the cluster, restore it to the named
 * point with {@code --delta}, start it. As root, pgBackRest runs in a user namespace of its own
 * ({@code unshare -U}), as the embedded server does, so that both see the same owner on the files.
 */
final class PgBackRestCluster {
    static final String STANZA = "shop";
    private final EmbeddedServer server;
    private final Path conf;
    private final Path restoreScript;

    private PgBackRestCluster(EmbeddedServer server, Path conf, Path restoreScript) {
        this.server = server;
        this.conf = conf;
        this.restoreScript = restoreScript;
    }

    /** Fails (never skips) when pgbackrest is missing: scripts/install-test-tools installs it. */
    static PgBackRestCluster start() throws Exception {
        assertThat(onPath("pgbackrest")).as("pgbackrest is missing: run scripts/install-test-tools (scripts/test does)")
                .isNotNull();
        Path directory = PostgresServer.workDirectory().resolve("pgbackrest-" + System.nanoTime());
        EmbeddedServer server = EmbeddedServer.start(directory.resolve("pg"), 15);
        Path socket = Files.createDirectories(directory.resolve("sock"));
        Files.createDirectories(directory.resolve("log"));
        Path conf = directory.resolve("pgbackrest.conf");
        Files.writeString(conf, """
                [global]
                repo1-path=%1$s/repo
                repo1-retention-full=2
                log-path=%1$s/log
                lock-path=%1$s/lock
                spool-path=%1$s/spool
                start-fast=y
                log-level-console=warn

                [%2$s]
                pg1-path=%3$s
                pg1-port=%4$d
                pg1-socket-path=%5$s
                pg1-user=postgres
                """.formatted(directory, STANZA, server.dataDirectory(), server.port(), socket));
        server.restartWith(Map.of("archive_mode", "on", "unix_socket_directories", socket.toString(),
                "archive_command", "pgbackrest --config=" + conf + " --stanza=" + STANZA + " archive-push %p"));
        PgBackRestCluster cluster = new PgBackRestCluster(server, conf, directory.resolve("restore.sh"));
        cluster.pgbackrest("stanza-create");
        cluster.writeRestoreScript(directory.resolve("pg.log"));
        return cluster;
    }

    EmbeddedServer server() {
        return server;
    }

    /** The restore_command, as Warden runs it. */
    List<String> restoreCommand() {
        return List.of("sh", restoreScript.toString());
    }

    /** A full backup, the base every restore to a point starts from. */
    void fullBackup() throws Exception {
        pgbackrest("--type=full", "backup");
    }

    private void pgbackrest(String... arguments) throws Exception {
        List<String> argv = new ArrayList<>(asServerOwner());
        argv.addAll(List.of("pgbackrest", "--config=" + conf, "--stanza=" + STANZA));
        argv.addAll(List.of(arguments));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("pgbackrest %s finished", List.of(arguments)).isTrue();
        assertThat(process.exitValue()).as("pgbackrest %s: %s", List.of(arguments), output).isZero();
    }

    private void writeRestoreScript(Path log) throws IOException {
        String prefix = String.join(" ", asServerOwner());
        Files.writeString(restoreScript, """
                #!/bin/sh
                # Warden's restore_command for this cluster: stop, restore to $WARDEN_RESTORE_POINT, start.
                set -eu
                test -n "$WARDEN_RESTORE_POINT"
                if %1$s %2$s -D %3$s status >/dev/null; then
                  %1$s %2$s -D %3$s -m fast -w stop
                fi
                %1$s pgbackrest --config=%4$s --stanza=%5$s --type=name --target="$WARDEN_RESTORE_POINT" \\
                  --target-action=promote --delta restore
                %1$s %2$s -D %3$s -o "%6$s" -w -t 120 -l %7$s start
                """.formatted(prefix, server.program("pg_ctl"), server.dataDirectory(), conf, STANZA, server.startOptions(),
                log));
        Files.setPosixFilePermissions(restoreScript, PosixFilePermissions.fromString("rwx------"));
    }

    /** As root, a user namespace like the embedded server's (initdb and postgres refuse root). */
    private static List<String> asServerOwner() {
        return "root".equals(System.getProperty("user.name")) ? List.of("unshare", "-U") : List.of();
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
