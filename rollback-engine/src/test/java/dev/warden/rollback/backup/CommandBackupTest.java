package dev.warden.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command kind runs the user's program; these use small shell commands and need no server. */
class CommandBackupTest {
    private static final String PASSWORD = "s3cret-pw";
    private static Vertx vertx;

    @TempDir
    Path directory;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void tearDown() {
        vertx.close().await();
    }

    @Test
    void shouldTakeLocationFromLastLineAndGiveTheCommandTheConnection() throws IOException {
        String script = "f=\"" + directory + "/$WARDEN_BACKUP_NAME.txt\"; "
                + "echo \"$PGHOST $PGPORT $PGUSER $PGPASSWORD $PGDATABASE $WARDEN_TARGET $WARDEN_REASON\" > \"$f\"; "
                + "echo 'snapshotting...'; echo \"$f\"";
        CommandBackup command = command(List.of("sh", "-c", script), List.of("sh", "-c", "test -s \"$WARDEN_BACKUP_LOCATION\""));

        Backup backup = command.create(request()).await();

        Path file = directory.resolve("orders__warden_20261122T031500Z.txt");
        assertThat(backup.location()).isEqualTo(file.toString());
        assertThat(backup.kind()).isEqualTo("command");
        assertThat(Files.readString(file).trim()).isEqualTo("db.internal 6543 app " + PASSWORD + " orders shop before V42");
        assertThat(command.verify(backup, request()).await().ok()).isTrue();

        Files.delete(file);
        assertThat(command.verify(backup, request()).await().ok()).isFalse();
    }

    @Test
    void shouldReadJsonObjectPrintedOnStdout() {
        String json = "{\"id\": \"snap-1\", \"location\": \"s3://backups/snap-1\", \"size_bytes\": 42, \"region\": \"eu\"}";
        CommandBackup command = command(List.of("sh", "-c", "echo starting; echo '" + json + "'"), List.of());

        Backup backup = command.create(request()).await();

        assertThat(backup.id()).isEqualTo("snap-1");
        assertThat(backup.location()).isEqualTo("s3://backups/snap-1");
        assertThat(backup.sizeBytes()).isEqualTo(42);
        assertThat(backup.details()).containsEntry("region", "eu");
        assertThat(command.verify(backup, request()).await().summary()).isEqualTo("no verify command configured");
    }

    @Test
    void shouldRunWithoutAShellUnlessAskedTo() {
        Backup backup = command(List.of("echo", "$PGHOST"), List.of()).create(request()).await();

        assertThat(backup.location()).isEqualTo("$PGHOST");
    }

    @Test
    void shouldFailWithRedactedStderrTailWhenCommandExitsNonZero() {
        String script = "echo 'connecting...' >&2; echo \"auth failed for app:$PGPASSWORD\" >&2; exit 3";
        CommandBackup command = command(List.of("sh", "-c", script), List.of());

        assertThatThrownBy(() -> command.create(request()).await())
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("backup command sh failed (exit 3)")
                .hasMessageContaining("auth failed for app:****")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void shouldFailWhenCommandPrintsNoLocation() {
        assertThatThrownBy(() -> command(List.of("true"), List.of()).create(request()).await())
                .hasMessageContaining("printed nothing on stdout");
    }

    @Test
    void shouldKillCommandThatRunsPastItsTimeout() {
        CommandBackup command = new CommandBackup(vertx, Clock.systemUTC(), List.of("sleep", "30"), List.of(),
                Duration.ofMillis(300));
        Instant started = Instant.now();

        assertThatThrownBy(() -> command.create(request()).await()).hasMessageContaining("killed after PT0.3S");
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(10));
    }

    private CommandBackup command(List<String> create, List<String> verify) {
        return new CommandBackup(vertx, Clock.systemUTC(), create, verify, Duration.ofSeconds(30));
    }

    private static BackupRequest request() {
        PgConnectOptions source = new PgConnectOptions().setHost("db.internal").setPort(6543).setUser("app")
                .setPassword(PASSWORD).setDatabase("orders");
        return BackupRequest.of("shop", source, "before V42", List.of("orders"),
                Clock.fixed(Instant.parse("2026-11-22T03:15:00Z"), ZoneOffset.UTC));
    }
}
