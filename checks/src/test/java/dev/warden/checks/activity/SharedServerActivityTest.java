package dev.warden.checks.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.checks.Baseline;
import dev.warden.checks.Check;
import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckRunner;
import dev.warden.checks.builtin.LockQueueFixture;
import dev.warden.checks.builtin.LockWaitsCheck;
import dev.warden.checks.builtin.MigrationDurationCheck;
import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationHistoryReader;
import dev.warden.config.ConfigLoader;
import dev.warden.config.TargetConfig;
import dev.warden.testing.PgAddress;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14: several targets (databases) on one server share one reading of pg_stat_activity and
 * pg_locks per cycle, each seeing only its own database; a target connecting as another role reads
 * for itself, and sees only what its role may see.
 */
@ExtendWith(PostgresExtension.class)
class SharedServerActivityTest {
    private static final String AUDITOR = "warden_auditor_" + ProcessHandle.current().pid();

    private static TestDatabase orders;
    private static final List<TestDatabase> others = new ArrayList<>();
    private static Vertx vertx;
    private static final Map<String, Pool> pools = new LinkedHashMap<>();
    private static final Map<String, TargetConfig> targets = new LinkedHashMap<>();
    private static final AtomicLong nanos = new AtomicLong();
    private static ServerActivities activities;

    @BeforeAll
    static void start(TestDatabase database) {
        orders = database;
        orders.sql().execute("""
                CREATE TABLE accounts (id int PRIMARY KEY, owner text);
                INSERT INTO accounts SELECT g, 'owner ' || g FROM generate_series(1, 100) g;
                CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50),
                    description varchar(200), type varchar(20), script varchar(1000), checksum int,
                    installed_by varchar(100), installed_on timestamp DEFAULT now(), execution_time int,
                    success boolean);
                INSERT INTO flyway_schema_history VALUES (1, '1', 'init', 'SQL', 'V1__init.sql', 1, 'app', now(), 5, true);
                """);
        orders.sql().execute("CREATE ROLE " + AUDITOR + " LOGIN PASSWORD 'auditor-pw'");
        vertx = Vertx.vertx();
        add("orders", orders.address());
        for (String name : List.of("billing", "payroll")) {
            TestDatabase other = orders.server().createDatabase(name);
            other.sql().execute("CREATE TABLE ledger (id int PRIMARY KEY)");
            others.add(other);
            add(name, other.address());
        }
        PgAddress admin = orders.address();
        add("orders_audit", new PgAddress(admin.host(), admin.port(), AUDITOR, "auditor-pw", admin.database()));
        activities = ServerActivities.of(List.copyOf(targets.values()), nanos::get);
    }

    @AfterAll
    static void stop() {
        pools.values().forEach(pool -> pool.close().await());
        vertx.close().await();
        orders.sql().execute("DROP ROLE IF EXISTS " + AUDITOR);
    }

    @Test
    void shouldGroupTargetsByServerAndRole() {
        assertThat(activities.groups()).extracting(SharedReading::targets)
                .containsExactly(List.of("orders", "billing", "payroll"), List.of("orders_audit"));
        assertThat(activities.groups()).extracting(SharedReading::freshness).as("payroll's lock_waits every 15 s; "
                + "a tenth of the 30 s default is capped").containsExactly(Duration.ofMillis(1500), Duration.ofSeconds(2));
    }

    @Test
    void shouldShowALockQueueOnlyToTheTargetOfItsDatabaseFromOneReadingPerCycle() throws Exception {
        SharedReading shared = activities.groups().get(0);
        try (LockQueueFixture queue = new LockQueueFixture(orders, "accounts", 1)) {
            long before = shared.readings();

            Map<String, CheckResult> lockWaits = cycle(List.of("orders", "billing", "payroll"));

            assertThat(shared.readings() - before).as("one reading for three targets' lock_waits and migration_duration")
                    .isEqualTo(1);
            assertThat(lockWaits.get("orders").measurements()).containsEntry(LockWaitsCheck.BLOCKED_SESSIONS, 2.0);
            assertThat(lockWaits.get("orders").summary()).contains("behind a DDL statement (pid " + queue.alterPid + ")");
            assertThat(lockWaits.get("billing").summary()).isEqualTo("no session waits for a lock");
            assertThat(lockWaits.get("payroll").summary()).isEqualTo("no session waits for a lock");
            assertThat(history("orders").running()).extracting(r -> r.pid()).contains(queue.alterPid);
            assertThat(history("billing").running()).isEmpty();

            cycle(List.of("orders", "billing", "payroll"));
            assertThat(shared.readings() - before).as("the next cycle reads again").isEqualTo(2);
        }
    }

    @Test
    void shouldNotShareAReadingWithATargetConnectingAsAnotherRole() throws Exception {
        SharedReading audit = activities.groups().get(1);
        try (LockQueueFixture queue = new LockQueueFixture(orders, "accounts", 0)) {
            long before = audit.readings();

            Map<String, CheckResult> lockWaits = cycle(List.of("orders", "orders_audit"));

            assertThat(audit.readings() - before).isEqualTo(1);
            assertThat(statementOf(lockWaits.get("orders"), queue.alterPid))
                    .isEqualTo("ALTER TABLE accounts ADD COLUMN added_later text");
            assertThat(lockWaits.get("orders_audit").measurements()).containsEntry(LockWaitsCheck.BLOCKED_SESSIONS, 1.0);
            assertThat(statementOf(lockWaits.get("orders_audit"), queue.alterPid))
                    .as("the auditor's role may not read other roles' statements").isEqualTo("<insufficient privilege>");
        }
    }

    private static void add(String name, PgAddress address) {
        String checks = name.equals("payroll") ? ", checks: {lock_waits: {schedule: 15s}}" : "";
        targets.put(name, ConfigLoader.parse("targets:\n  - {name: " + name + ", url: '" + address.uri() + "'" + checks
                + "}\n", "test", Map.of()).targets().get(0));
        pools.put(name, address.wardenPool(vertx));
    }

    /**
     * lock_waits and migration_duration of every named target at once, as one scheduled cycle 15 s after
     * the last; lock_waits' results.
     */
    private static Map<String, CheckResult> cycle(List<String> names) {
        nanos.addAndGet(Duration.ofSeconds(15).toNanos());
        Map<String, Future<CheckResult>> lockWaits = new LinkedHashMap<>();
        List<Future<CheckResult>> all = new ArrayList<>();
        for (String name : names) {
            TargetConfig target = targets.get(name);
            Future<CheckResult> waits = run(name, new LockWaitsCheck(target.checks().lockWaits()));
            lockWaits.put(name, waits);
            all.add(waits);
            all.add(run(name, new MigrationDurationCheck(target.checks().migrationDuration())));
        }
        Future.all(all).await();
        Map<String, CheckResult> results = new LinkedHashMap<>();
        lockWaits.forEach((name, result) -> results.put(name, result.result()));
        return results;
    }

    private static Future<CheckResult> run(String name, Check check) {
        CheckContext context = new CheckContext(name, pools.get(name), vertx, Clock.systemUTC(), Baseline.none(),
                activities.forTarget(targets.get(name)));
        return CheckRunner.run(check, context, Duration.ofSeconds(30));
    }

    private static MigrationHistory history(String name) {
        return MigrationHistoryReader.builtIn().read(pools.get(name), activities.forTarget(targets.get(name))).await();
    }

    @SuppressWarnings("unchecked")
    private static String statementOf(CheckResult result, int pid) {
        return ((List<Map<String, Object>>) result.evidence().get("sessions")).stream()
                .filter(s -> s.get("pid").equals(pid)).map(s -> (String) s.get("statement")).findFirst().orElseThrow();
    }
}
