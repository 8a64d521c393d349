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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dumps need a pg_dump at least as new as the server: Debian's is 15, so these run on a PostgreSQL 15. */
@ExtendWith(PostgresExtension.class)
class DumpBackupTest {
    private static final Logger log = LoggerFactory.getLogger(DumpBackupTest.class);
    private static final List<String> CRITICAL = List.of("orders", "public.customers");
    private static Vertx vertx;
    private static EmbeddedServer pg15;
    private static PgAddress shop;

    @TempDir
    Path directory;

    @BeforeAll
    static void setUp() {
        // Fails (never skips) with an install hint when pg_dump is missing.
        String pgDump = ClientVersion.of("pg_dump");
        assertThat(ClientVersion.major(pgDump))
                .as("pg_dump %s: these tests need major 15 or 16 (dumps a PG15 server, refuses the PG17 fixture)", pgDump)
                .isBetween(15, 16);
        vertx = Vertx.vertx();
        pg15 = EmbeddedServer.start(PostgresServer.workDirectory().resolve("dump-pg15-" + ProcessHandle.current().pid()), 15);
        new Sql(pg15.address("postgres")).execute("CREATE DATABASE shop");
        shop = pg15.address("shop");
        new Sql(shop).execute("CREATE TABLE orders (id int PRIMARY KEY, total numeric);"
                + "INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 500) g;"
                + "CREATE TABLE customers (id int PRIMARY KEY, name text);"
                + "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 40) g;"
                + "CREATE TABLE audit (id bigserial, note text)");
    }

    @AfterAll
    static void tearDown() {
        if (pg15 != null) {
            pg15.stop();
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    @Test
    void shouldDumpToVerifiedFileListingTheTables() throws IOException {
        List<DumpProgress> progress = new CopyOnWriteArrayList<>();
        DumpBackup dump = dump(DumpOptions.defaults().withProgress(progress::add));
        BackupRequest request = request(shop, "2026-11-22T03:15:00Z");

        long started = System.nanoTime();
        Backup backup = dump.create(request).await();
        log.info("Dump of a small database: create() took {} ms", (System.nanoTime() - started) / 1_000_000);
        Verification verification = dump.verify(backup, request).await();

        assertThat(Path.of(backup.location())).isEqualTo(directory.resolve("shop__warden_20261122T031500Z.dump"));
        assertThat(files()).containsExactly(Path.of(backup.location()));
        assertThat(backup.checksum()).isEqualTo(Sha256.of(Path.of(backup.location())));
        assertThat(backup.sizeBytes()).isEqualTo(Files.size(Path.of(backup.location())));
        assertThat(progress).extracting(DumpProgress::tablesDumped).contains(3);
        assertThat(verification.ok()).as(verification.toString()).isTrue();
        assertThat(verification.evidence())
                .contains("orders: TABLE DATA listed", "public.customers: TABLE DATA listed");
    }

    @Test
    void shouldFailVerificationWhenFileChangedAfterDump() throws IOException {
        DumpBackup dump = dump(DumpOptions.defaults());
        BackupRequest request = request(shop, "2026-11-22T04:00:00Z");
        Backup backup = dump.create(request).await();
        Files.writeString(Path.of(backup.location()), "tampered", StandardOpenOption.APPEND);

        Verification verification = dump.verify(backup, request).await();

        assertThat(verification.ok()).isFalse();
        assertThat(verification.evidence().get(0)).contains("when written");
    }

    @Test
    void shouldFailVerificationWhenACriticalTableHasNoData() {
        DumpBackup dump = dump(DumpOptions.defaults());
        BackupRequest request = request(shop, "2026-11-22T04:30:00Z");
        Backup backup = dump.create(request).await();
        BackupRequest expectingMore = new BackupRequest(request.target(), request.source(), request.reason(),
                List.of("orders", "invoices"), request.requestedAt());

        Verification verification = dump.verify(backup, expectingMore).await();

        assertThat(verification.ok()).isFalse();
        assertThat(verification.evidence()).contains("invoices: no TABLE DATA entry");
    }

    @Test
    void shouldRefuseWhenLocalPgDumpIsOlderThanServerAndWriteNoFile(TestDatabase pg17) throws IOException {
        BackupRequest request = request(pg17.address(), "2026-11-22T05:00:00Z");

        assertThatThrownBy(() -> dump(DumpOptions.defaults()).create(request).await())
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("pg_dump 15.")
                .hasMessageContaining("older than the server, PostgreSQL 17.")
                .hasMessageContaining("install a postgresql-client of major 17 or newer");
        assertThat(files()).isEmpty();
    }

    @Test
    void shouldLeaveNoFileWhenDatabaseDoesNotExist() throws IOException {
        BackupRequest request = request(pg15.address("no_such_database"), "2026-11-22T06:00:00Z");

        assertThatThrownBy(() -> dump(DumpOptions.defaults()).create(request).await())
                .hasMessageContaining("no_such_database");
        assertThat(files()).isEmpty();
    }

    @Test
    void shouldDeletePartialFileWhenPgDumpFailsOnAMigrationsLock() throws SQLException, IOException {
        BackupRequest request = request(shop, "2026-11-22T07:00:00Z");
        try (Connection migration = new Sql(shop).connect()) {
            migration.setAutoCommit(false);
            try (Statement s = migration.createStatement()) {
                s.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            }

            assertThatThrownBy(() -> dump(DumpOptions.defaults()).create(request).await())
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("pg_dump of shop failed (exit 1)")
                    .hasMessageContaining("LOCK TABLE public.orders")
                    .hasMessageNotContaining("reading schemas");
            migration.rollback();
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void shouldNeverOverwriteAnExistingDump() throws IOException {
        BackupRequest request = request(shop, "2026-11-22T08:00:00Z");
        Backup first = dump(DumpOptions.defaults()).create(request).await();

        assertThatThrownBy(() -> dump(DumpOptions.defaults()).create(request).await())
                .hasMessageContaining("already exists");
        assertThat(Sha256.of(Path.of(first.location()))).isEqualTo(first.checksum());
    }

    private DumpBackup dump(DumpOptions options) {
        return new DumpBackup(vertx, Clock.systemUTC(), directory, options);
    }

    private static BackupRequest request(PgAddress address, String at) {
        return BackupRequest.of("shop", address.connectOptions(), "before V42", CRITICAL,
                Clock.fixed(Instant.parse(at), ZoneOffset.UTC));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
