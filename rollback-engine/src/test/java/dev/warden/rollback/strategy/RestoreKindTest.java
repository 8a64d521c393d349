package dev.warden.rollback.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.BackupRequest;
import dev.warden.rollback.backup.CloneBackup;
import dev.warden.rollback.backup.Verification;
import dev.warden.rollback.engine.RollbackExecutor;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackOutcome;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStatus;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 point 3: on PostgreSQL 18, {@code file_copy_method} decides whether a clone backup and the
 * branch_swap restore from it clone files (reflink_clone) or copy their blocks (block_copy); the clone
 * says which, and how long it kept the source's sessions out. The setting is the role's here, as an
 * operator may give it to Warden's role alone. (On this machine's ext4 a "clone" is the kernel's copy:
 * the kind is what the server was told to do, the door-shut time what it cost.)
 */
class RestoreKindTest {
    private static final Instant BACKUP_AT = Instant.parse("2026-12-06T03:15:00Z");
    private static StrategyServer server;
    private static EmbeddedServer pg;
    private static Sql admin;
    private static Vertx vertx;

    @BeforeAll
    static void setUp() {
        server = StrategyServer.start("restore-kind-pg18", 18);
        pg = server.pg();
        admin = server.admin();
        vertx = server.vertx();
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldCloneAndRestoreByReflinkCloneWhenFileCopyMethodIsClone() {
        admin.execute("ALTER ROLE postgres SET file_copy_method = clone");
        try {
            Backup backup = shopWithCloneBackup("shop_clone");

            assertThat(backup.details()).containsEntry("restore_kind", "reflink_clone")
                    .containsEntry("file_copy_method", "clone").containsEntry("strategy", "FILE_COPY")
                    .hasEntrySatisfying("server_version", version -> assertThat(version).startsWith("18."));
            assertThat(Long.parseLong(backup.details().get(CloneBackup.DOOR_SHUT_MS))).isNotNegative();

            RollbackPlan plan = new BranchSwapStrategy(vertx).plan(request("shop_clone", backup)).await();
            assertThat(plan.impact().notes()).anySatisfy(note -> assertThat(note)
                    .startsWith("restore kind: reflink_clone: clone backup " + backup.id() + " restored beside the target as"
                            + " shop_clone__restored_")
                    .contains(" (PostgreSQL 18.")
                    .contains("file_copy_method = clone: CREATE DATABASE ... STRATEGY FILE_COPY clones the files")
                    .endsWith("taking this clone kept shop_clone's sessions out for "
                            + backup.details().get(CloneBackup.DOOR_SHUT_MS) + " ms"));

            RollbackOutcome outcome = executor("shop_clone").execute(plan).await();
            assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
            assertThat(outcome.evidence()).anySatisfy(line -> assertThat(line).startsWith("step 1 restore_backup: restored"
                    + " clone backup " + backup.id()).contains(" by reflink_clone in "));
            assertThat(new Sql(pg.address("shop_clone")).queryLong("SELECT count(*) FROM orders")).isEqualTo(2000);
        } finally {
            admin.execute("ALTER ROLE postgres RESET file_copy_method");
        }
    }

    @Test
    void shouldReportABlockCopyWhenFileCopyMethodIsCopy() {
        Backup backup = shopWithCloneBackup("shop_copy");

        assertThat(backup.details()).containsEntry("restore_kind", "block_copy").containsEntry("file_copy_method", "copy");
        RollbackPlan plan = new BranchSwapStrategy(vertx).plan(request("shop_copy", backup)).await();
        assertThat(plan.impact().notes()).anySatisfy(note -> assertThat(note)
                .startsWith("restore kind: block_copy: clone backup " + backup.id())
                .contains(" (PostgreSQL 18.")
                .contains("file_copy_method = copy: CREATE DATABASE copies every block of the database")
                .contains("file_copy_method = clone on XFS or Btrfs would clone instead"));
    }

    /** A shop whose 2,000 orders are cloned, then half deleted: what a restore must bring back. */
    private static Backup shopWithCloneBackup(String database) {
        admin.execute("CREATE DATABASE " + database);
        Sql shop = new Sql(pg.address(database));
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY, total numeric);"
                + "INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 2000) g");
        BackupRequest request = BackupRequest.of("shop", warden(pg.address(database)), "before V42", List.of("orders"),
                Clock.fixed(BACKUP_AT, ZoneOffset.UTC));
        CloneBackup clone = new CloneBackup(vertx, Clock.systemUTC(), Duration.ofMinutes(5));
        Backup backup = clone.create(request).await();
        Verification verification = clone.verify(backup, request).await();
        assertThat(verification.ok()).as(verification.toString()).isTrue();
        shop.execute("DELETE FROM orders WHERE id % 2 = 0");
        return backup.withVerification(verification);
    }

    private static RollbackRequest request(String database, Backup backup) {
        return new RollbackRequest("shop", warden(pg.address(database)), null, backup,
                RollbackOptions.defaults().withCriticalTables(List.of("orders")), Instant.now());
    }

    private static RollbackExecutor executor(String database) {
        return new RollbackExecutor(vertx, Clock.systemUTC(), server.journal(), List.of(new BranchSwapStrategy(vertx)),
                name -> warden(pg.address(database)));
    }

    private static PgConnectOptions warden(PgAddress address) {
        return StrategyServer.warden(address);
    }
}
