package dev.warden.rollback.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.BackupRequest;
import dev.warden.rollback.backup.DumpBackup;
import dev.warden.rollback.backup.DumpOptions;
import dev.warden.rollback.backup.Verification;
import dev.warden.rollback.engine.DataImpact;
import dev.warden.rollback.engine.JournalFixture;
import dev.warden.rollback.engine.PgJournal;
import dev.warden.rollback.engine.RollbackExecutor;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackOutcome;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStatus;
import dev.warden.rollback.engine.SnapshotCounts;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dump needs a pg_dump at least as new as the server: Debian's is 15, so this swap runs on a PostgreSQL 15. */
class BranchSwapFromDumpTest {
    private static EmbeddedServer pg15;
    private static Vertx vertx;
    private static Pool statePool;

    @TempDir
    Path directory;

    @BeforeAll
    static void setUp() {
        pg15 = EmbeddedServer.start(PostgresServer.workDirectory().resolve("swap-pg15-" + ProcessHandle.current().pid()), 15);
        Sql admin = new Sql(pg15.address("postgres"));
        admin.execute("CREATE DATABASE warden_state");
        admin.execute("CREATE DATABASE shop");
        JournalFixture.createTables(new Sql(pg15.address("warden_state")));
        vertx = Vertx.vertx();
        statePool = JournalFixture.pool(vertx, pg15.address("warden_state"));
    }

    @AfterAll
    static void tearDown() {
        if (statePool != null) {
            statePool.close().await();
            vertx.close().await();
        }
        if (pg15 != null) {
            pg15.stop();
        }
    }

    @Test
    void shouldSwapInARestoredDumpAndShowWhatItCannotCount() {
        Sql shop = new Sql(pg15.address("shop"));
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY, total numeric);"
                + "INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 200) g");
        BackupRequest backupRequest = BackupRequest.of("shop", pg15.address("shop").connectOptions(), "before V7",
                List.of("orders"), Clock.fixed(Instant.parse("2026-11-22T03:15:00Z"), ZoneOffset.UTC));
        DumpBackup dump = new DumpBackup(vertx, Clock.systemUTC(), directory, DumpOptions.defaults());
        Backup taken = dump.create(backupRequest).await();
        Verification verification = dump.verify(taken, backupRequest).await();
        assertThat(verification.ok()).as(verification.toString()).isTrue();
        Backup backup = taken.withVerification(verification);
        shop.execute("DELETE FROM orders WHERE id > 120; CREATE TABLE audit_new (id int)");
        RollbackRequest request = new RollbackRequest("shop", pg15.address("shop").connectOptions(), null, backup,
                RollbackOptions.defaults().withCriticalTables(List.of("orders")), Instant.parse("2026-11-22T04:15:00Z"));

        RollbackPlan plan = new BranchSwapStrategy(vertx).plan(request).await();

        assertThat(plan.impact().tables()).containsExactly(new DataImpact.TableChange("public.orders", null, 120L));
        assertThat(plan.impact().tablesSetAside()).containsExactly("public.audit_new");
        assertThat(plan.impact().notes()).contains("public.orders: the backup holds no row count for it (a dump backup)");
        RollbackPlan counted = new BranchSwapStrategy(vertx).plan(request.withSnapshotCounts(new SnapshotCounts(7,
                backup.createdAt(), Map.of("public.orders", 200L)))).await();
        assertThat(counted.impact().tables()).as("the snapshot the dump belongs to counted exactly")
                .containsExactly(new DataImpact.TableChange("public.orders", 200L, 120L));
        assertThat(counted.impact().rowsBroughtBack()).isEqualTo(Map.of("public.orders", 80L));
        assertThat(counted.impact().notes()).anySatisfy(note -> assertThat(note).startsWith("rows in the backup: the"
                + " exact counts of snapshot 7")).noneMatch(note -> note.contains("holds no row count"));

        RollbackOutcome outcome = new RollbackExecutor(vertx, Clock.systemUTC(), new PgJournal(statePool, Clock.systemUTC()),
                List.of(new BranchSwapStrategy(vertx)), name -> pg15.address("shop").connectOptions()).execute(plan).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).isEqualTo(200);
        assertThat(shop.queryColumn("SELECT to_regclass('audit_new')::text")).containsExactly((String) null);
        assertThat(new Sql(pg15.address("shop__replaced_20261122T041500Z")).queryLong("SELECT count(*) FROM orders"))
                .isEqualTo(120);
        assertThat(shop.queryColumn("SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                + " WHERE datname = 'shop'").get(0)).endsWith("restore of backup " + backup.id() + " complete");
    }
}
