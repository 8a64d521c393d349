package dev.warden.rollback.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.rollback.engine.JournalFixture;
import dev.warden.rollback.engine.PgJournal;
import dev.warden.rollback.engine.RollbackExecutor;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackOutcome;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStatus;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ReadOnlyStrategyTest {
    private static TestDatabase target;
    private static TestDatabase state;
    private static Vertx vertx;
    private static Pool statePool;
    private static RollbackExecutor executor;

    @BeforeAll
    static void setUp(TestDatabase database, PostgresServer server) {
        target = database;
        state = server.createDatabase("read_only_state");
        JournalFixture.createTables(state.sql());
        target.sql().execute("CREATE TABLE orders (id int PRIMARY KEY)");
        vertx = Vertx.vertx();
        statePool = JournalFixture.pool(vertx, state.address());
        executor = new RollbackExecutor(vertx, Clock.systemUTC(), new PgJournal(statePool, Clock.systemUTC()),
                List.of(new ReadOnlyStrategy(vertx)), name -> target.address().connectOptions());
    }

    @AfterAll
    static void tearDown() {
        statePool.close().await();
        vertx.close().await();
        new Sql(state.server().admin()).execute("DROP DATABASE IF EXISTS \"" + state.name() + "\" WITH (FORCE)");
    }

    @Test
    void shouldMakeNewSessionsRefuseWritesUntilLifted() throws SQLException {
        ReadOnlyStrategy strategy = new ReadOnlyStrategy(vertx);
        RollbackRequest request = RollbackRequest.of("shop", target.address().connectOptions(), null, null,
                RollbackOptions.defaults(), Clock.systemUTC());
        try (Connection writer = target.sql().connect(); Connection elsewhere = state.sql().connect()) {
            writer.setAutoCommit(false);
            execute(writer, "INSERT INTO orders VALUES (1)");

            RollbackPlan plan = strategy.plan(request).await();
            assertThat(plan.impact().notes()).anySatisfy(note -> assertThat(note)
                    .contains("1 client session(s) will be terminated now: 1 in a transaction"));
            RollbackOutcome outcome = executor.execute(plan).await();

            assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
            assertThatThrownBy(writer::commit).as("the writing session was terminated").isInstanceOf(SQLException.class);
            assertThat(elsewhere.isValid(2)).as("sessions of other databases are left alone").isTrue();
        }
        try (Connection fresh = target.sql().connect()) {
            assertThatThrownBy(() -> execute(fresh, "INSERT INTO orders VALUES (2)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }
        assertThat(target.sql().queryLong("SELECT count(*) FROM orders")).isZero();

        RollbackOutcome lifted = executor.execute(strategy.plan(request.withOptions(request.options().lifting())).await())
                .await();

        assertThat(lifted.status()).as(lifted.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        target.sql().execute("INSERT INTO orders VALUES (3)");
        assertThat(target.sql().queryLong("SELECT count(*) FROM orders")).isEqualTo(1);
        assertThat(new Sql(target.server().admin()).queryLong("SELECT count(*) FROM pg_db_role_setting s"
                + " JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = '" + target.name() + "'")).isZero();
    }

    @Test
    void shouldSkipSettingReadOnlyAgainWhenItIsAlreadySet() {
        Sql admin = new Sql(target.server().admin()); // a read-only database refuses ALTER DATABASE from its own sessions
        admin.execute("ALTER DATABASE \"" + target.name() + "\" SET default_transaction_read_only = on");
        try {
            RollbackRequest request = RollbackRequest.of("shop", target.address().connectOptions(), null, null,
                    RollbackOptions.defaults(), Clock.systemUTC());
            RollbackPlan plan = new ReadOnlyStrategy(vertx).plan(request).await();

            executor.execute(plan).await();

            assertThat(JournalFixture.events(state.sql(), plan.id())).startsWith("0:set_default_read_only:skipped_already_done");
        } finally {
            admin.execute("ALTER DATABASE \"" + target.name() + "\" RESET default_transaction_read_only");
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
