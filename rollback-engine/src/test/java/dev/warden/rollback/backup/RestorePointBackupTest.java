package dev.warden.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13: a named restore point counts only once the archive has its WAL. A server archiving with
 * {@code cp} into a folder stands for the archive; the shared test server, which does not archive,
 * for a cluster without continuous archiving.
 */
@ExtendWith(PostgresExtension.class)
class RestorePointBackupTest {
    private static final List<String> CRITICAL = List.of("orders", "public.customers");
    private static Vertx vertx;
    private static EmbeddedServer archiving;
    private static Path archive;
    private static PgAddress shop;

    @BeforeAll
    static void setUp() throws Exception {
        vertx = Vertx.vertx();
        Path directory = PostgresServer.workDirectory().resolve("restore-point-" + ProcessHandle.current().pid());
        archiving = EmbeddedServer.start(directory, EmbeddedServer.CLASSPATH_MAJOR);
        archive = Files.createDirectories(directory.resolve("archive"));
        archiving.restartWith(Map.of("archive_mode", "on", "archive_command", copyInto(archive)));
        new Sql(archiving.address("postgres")).execute("CREATE DATABASE shop");
        shop = archiving.address("shop");
        new Sql(shop).execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 500);"
                + "CREATE TABLE customers (id int PRIMARY KEY); INSERT INTO customers SELECT generate_series(1, 40);"
                + "CREATE TABLE audit (id int)");
    }

    @AfterAll
    static void tearDown() {
        if (archiving != null) {
            archiving.stop();
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    @Test
    void shouldRecordTheLsnCountAtThePointAndWaitUntilItsSegmentIsInTheArchive() {
        RestorePointBackup method = new RestorePointBackup(vertx, Clock.systemUTC(), Duration.ofSeconds(60));
        BackupRequest request = request(shop, "2026-11-22T03:15:00Z");

        Backup backup = method.create(request).await();
        Verification verification = method.verify(backup, request).await();

        assertThat(backup.kind()).isEqualTo("restore_point");
        assertThat(backup.id()).isEqualTo("shop__warden_20261122T031500Z").isEqualTo(backup.location());
        assertThat(backup.details().get("lsn")).matches("[0-9A-F]+/[0-9A-F]+");
        String segment = backup.details().get("wal_file");
        assertThat(segment).matches("[0-9A-F]{24}");
        assertThat(archive.resolve(segment)).as("the segment holding the point, in the archive").exists();
        assertThat(backup.details().get("archived_at")).isNotBlank().isNotEqualTo("null");
        assertThat(backup.details().get("tables")).isEqualTo("[\"public.audit\",\"public.customers\",\"public.orders\"]");
        assertThat(backup.rowCounts()).containsExactlyInAnyOrderEntriesOf(Map.of("public.orders", 500L,
                "public.customers", 40L));
        assertThat(verification.ok()).as(verification.toString()).isTrue();
        assertThat(verification.summary()).isEqualTo("restore point shop__warden_20261122T031500Z: WAL segment "
                + segment + " archived");
    }

    @Test
    void shouldRefuseAClusterWithoutContinuousArchiving(TestDatabase notArchiving) {
        RestorePointBackup method = new RestorePointBackup(vertx, Clock.systemUTC(), Duration.ofSeconds(60));

        assertThatThrownBy(() -> method.create(request(notArchiving.address(), "2026-11-22T03:16:00Z")).await())
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("cannot create a restore point of " + notArchiving.address().database()
                        + ": archive_mode is off: a restore point needs continuous archiving");
    }

    @Test
    void shouldRefuseARoleThatMayNotCreateRestorePoints() {
        new Sql(shop).execute("DROP ROLE IF EXISTS plain; CREATE ROLE plain LOGIN");
        RestorePointBackup method = new RestorePointBackup(vertx, Clock.systemUTC(), Duration.ofSeconds(60));

        assertThatThrownBy(() -> method.create(request(new PgAddress(shop.host(), shop.port(), "plain", "", "shop"),
                "2026-11-22T03:17:00Z")).await())
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("role plain may not run pg_create_restore_point (a superuser may: GRANT EXECUTE ON"
                        + " FUNCTION pg_create_restore_point(text) TO plain)")
                .hasMessageContaining("role plain may not run pg_switch_wal");
    }

    @Test
    void shouldStopWaitingAtOnceAndNameTheFailingSegmentWhenArchivingFails() {
        Sql admin = new Sql(archiving.address("postgres"));
        admin.execute("ALTER SYSTEM SET archive_command = 'false'; SELECT pg_reload_conf()");
        try {
            RestorePointBackup method = new RestorePointBackup(vertx, Clock.systemUTC(), Duration.ofSeconds(120));
            long started = System.nanoTime();

            assertThatThrownBy(() -> method.create(request(shop, "2026-11-22T03:18:00Z")).await())
                    .isInstanceOf(BackupException.class)
                    .hasMessageMatching("(?s)restore point shop__warden_20261122T031800Z at LSN [0-9A-F/]+: its WAL segment"
                            + " [0-9A-F]{24} is not archived and archiving is failing \\(.*failed_count [0-9]+,"
                            + " last_failed_wal [0-9A-F]{24} at .*\\); see the server log for archive_command's error");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("three failures in a row end the wait, long before archive_timeout").isLessThan(Duration.ofSeconds(60));
        } finally {
            admin.execute("ALTER SYSTEM SET archive_command = '" + copyInto(archive).replace("'", "''") + "';"
                    + " SELECT pg_reload_conf()");
        }
    }

    @Test
    void shouldCountASegmentArchivedOnceTheNewestArchivedFileSortsAtOrAfterIt() {
        String segment = "000000010000000000000003";
        assertThat(status("000000010000000000000003").archived(segment)).isTrue();
        assertThat(status("000000010000000000000004").archived(segment)).isTrue();
        assertThat(status("000000020000000000000001").archived(segment)).as("a later timeline").isTrue();
        assertThat(status("000000010000000000000003.00000028.backup").archived(segment)).isTrue();
        assertThat(status("000000010000000000000002").archived(segment)).isFalse();
        assertThat(status("00000002.history").archived(segment)).isFalse();
        assertThat(status(null).archived(segment)).isFalse();
    }

    private static ArchiverStatus status(String lastArchived) {
        return new ArchiverStatus(lastArchived, null, 0, null, null);
    }

    private static String copyInto(Path directory) {
        return "test ! -f " + directory + "/%f && cp %p " + directory + "/%f";
    }

    private static BackupRequest request(PgAddress address, String at) {
        return BackupRequest.of("shop", address.connectOptions(), "before V42", CRITICAL,
                Clock.fixed(Instant.parse(at), ZoneOffset.UTC));
    }
}
