package dev.warden.rollback.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.config.DecisionMode;
import dev.warden.config.Secret;
import dev.warden.config.StrategyKind;
import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.engine.JournalFixture;
import dev.warden.rollback.engine.PgJournal;
import dev.warden.rollback.engine.RollbackExecutor;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackOutcome;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStatus;
import dev.warden.rollback.external.HttpRequestSettings;
import dev.warden.rollback.flag.FeatureFlagSettings;
import dev.warden.rollback.flag.FlagStateSettings;
import dev.warden.rollback.flag.HttpFlagSettings;
import dev.warden.rollback.flag.SqlFlagSettings;
import dev.warden.rollback.flag.UnleashSettings;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
@ExtendWith(PostgresExtension.class)
class FeatureFlagStrategyTest {
    private static final String TOKEN = "unleash-admin-token-s3cret";
    private static TestDatabase target;
    private static TestDatabase state;
    private static Vertx vertx;
    private static Pool statePool;
    private RecordingHttpServer http;
    private FeatureFlagSettings settings;

    @BeforeAll
    static void setUp(TestDatabase database, PostgresServer server) {
        target = database;
        state = server.createDatabase("flag_state");
        JournalFixture.createTables(state.sql());
        vertx = Vertx.vertx();
        statePool = JournalFixture.pool(vertx, state.address());
    }

    @AfterAll
    static void tearDown() {
        statePool.close().await();
        vertx.close().await();
        new Sql(state.server().admin()).execute("DROP DATABASE IF EXISTS \"" + state.name() + "\" WITH (FORCE)");
    }

    @BeforeEach
    void createFlags() {
        target.sql().execute("DROP SCHEMA IF EXISTS app CASCADE; CREATE SCHEMA app;"
                + " CREATE TABLE app.feature_flags (name text PRIMARY KEY, enabled boolean NOT NULL);"
                + " INSERT INTO app.feature_flags VALUES ('new_checkout', true), ('search_v2', true),"
                + " ('it''s''; DROP TABLE app.feature_flags; --', true)");
        http = RecordingHttpServer.start(vertx);
    }

    @AfterEach
    void stopHttp() {
        http.close();
    }

    @Test
    void shouldSetTheFlagRowOffOnceAndSkipItWhenAlreadyOff() {
        settings = FeatureFlagSettings.of(new SqlFlagSettings("app.feature_flags", "name", "enabled", "new_checkout",
                "false", null));

        RollbackPlan plan = strategy().plan(request()).await();
        assertThat(plan.stepNames()).containsExactly("set_flag_row_off");
        assertThat(plan.impact().notes()).singleElement().asString()
                .contains("flag new_checkout in app.feature_flags.enabled is now true and is set to false");
        RollbackOutcome outcome = executor().execute(plan).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(target.sql().queryColumn("SELECT name || '=' || enabled FROM app.feature_flags ORDER BY name"))
                .contains("new_checkout=false", "search_v2=true");

        RollbackPlan again = strategy().plan(request()).await();
        assertThat(executor().execute(again).await().status()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(JournalFixture.events(state.sql(), again.id())).containsExactly("0:set_flag_row_off:skipped_already_done");
    }

    @Test
    void shouldBindTheKeyAsAValueNeverAsSql() {
        settings = FeatureFlagSettings.of(new SqlFlagSettings("app.feature_flags", "name", "enabled",
                "it's'; DROP TABLE app.feature_flags; --", "off", null));

        RollbackOutcome outcome = executor().execute(strategy().plan(request()).await()).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(target.sql().queryLong("SELECT count(*) FILTER (WHERE NOT enabled) FROM app.feature_flags"))
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseToQueueBehindAMigrationsLockOnTheFlagsTable() throws SQLException {
        settings = FeatureFlagSettings.of(new SqlFlagSettings("app.feature_flags", "name", "enabled", "new_checkout",
                "false", Duration.ofMillis(500)));
        try (Connection migration = target.sql().connect()) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("LOCK TABLE app.feature_flags IN ACCESS EXCLUSIVE MODE");

            assertThatThrownBy(() -> strategy().plan(request()).await())
                    .hasMessageContaining("an AccessExclusiveLock on app.feature_flags is held or awaited by backend")
                    .hasMessageContaining("not queueing behind it");
            migration.rollback();
        }
    }

    @Test
    void shouldTurnAnUnleashFlagOffThroughTheAdminApiWithTheTokenOnlyInItsHeader() {
        settings = FeatureFlagSettings.of(new UnleashSettings(http.url("/unleash/"), new Secret(TOKEN), null,
                "new-checkout", "production", null));
        http.answering(r -> new RecordingHttpServer.Answer(200, r.method().equals("GET")
                ? "{\"name\": \"production\", \"enabled\": " + http.requests("POST").isEmpty() + "}" : "{}"));

        RollbackPlan plan = strategy().plan(request()).await();
        RollbackOutcome outcome = executor().execute(plan).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(http.requests("POST")).singleElement().satisfies(post -> {
            assertThat(post.path())
                    .isEqualTo("/unleash/api/admin/projects/default/features/new-checkout/environments/production/off");
            assertThat(post.headers()).containsEntry("Authorization", TOKEN);
        });
        RollbackPlan again = strategy().plan(request()).await();
        executor().execute(again).await();
        assertThat(JournalFixture.events(state.sql(), again.id())).containsExactly(
                "0:turn_unleash_flag_off:skipped_already_done");
        assertThat(http.requests("POST")).as("off already: not called again").hasSize(1);
        assertThat(state.sql().queryColumn("SELECT request::text || steps::text || impact::text"
                + " || coalesce(evidence::text, '') FROM warden.rollbacks")).noneMatch(text -> text.contains(TOKEN));
    }

    @Test
    void shouldCallAnyFlagServiceWithTheDecisionInItsBodyAndReadItsState() {
        Map<String, Secret> headers = Map.of("X-Api-Key", new Secret(TOKEN));
        HttpRequestSettings turnOff = new HttpRequestSettings("PUT", http.url("/flags/{{feature}}"), headers,
                "{\"enabled\": false, \"reason\": \"{{reasoning}}\", \"decision\": \"{{decision_id}}\","
                        + " \"target\": \"{{target}}\"}", null);
        settings = FeatureFlagSettings.of(new HttpFlagSettings("search v2", turnOff,
                new FlagStateSettings(http.url("/flags/{{feature}}"), headers, "data.enabled", "false", null)));
        http.answering(r -> new RecordingHttpServer.Answer(200, "{\"data\": {\"enabled\": "
                + http.requests("PUT").isEmpty() + "}}"));
        Decision base = JournalFixture.decision("shop", StrategyKind.FEATURE_FLAG, DecisionMode.AUTO);
        Decision decision = new Decision(base.id(), "shop", "p99_latency", base.issue(), base.severity(),
                base.strategy(), base.mode(), base.timeBudget(), base.firstBreachAt(), base.decidedAt(), 3,
                List.of("p99 \"latency\" 3x", "3 breaches in a row"));

        RollbackPlan plan = strategy().plan(request(decision)).await();
        RollbackOutcome outcome = executor().execute(plan).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(http.requests("PUT")).singleElement().satisfies(put -> {
            assertThat(put.path()).isEqualTo("/flags/search%20v2");
            assertThat(put.headers()).containsEntry("X-Api-Key", TOKEN).containsEntry("Content-Type", "application/json");
            assertThat(put.json().getString("reason")).isEqualTo("p99 \"latency\" 3x | 3 breaches in a row");
            assertThat(put.json().getString("decision")).isEqualTo(decision.id());
            assertThat(put.json().getString("target")).isEqualTo("shop");
        });
        assertThat(http.requests("GET")).as("done() read the state first").isNotEmpty();
        assertThat(executor().execute(strategy().plan(request()).await()).await().status())
                .as("a later rollback (one decision makes one)").isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(http.requests("PUT")).as("the state says off: not called again").hasSize(1);
    }

    @Test
    void shouldFailWithTheAnswerButNeverTheToken() {
        HttpRequestSettings turnOff = HttpRequestSettings.post(http.url("/flags/off?api_key=" + TOKEN),
                Map.of("Authorization", new Secret("Bearer " + TOKEN)), null);
        settings = FeatureFlagSettings.of(new HttpFlagSettings("search_v2", turnOff, null));
        http.answering(r -> new RecordingHttpServer.Answer(500, "{\"error\": \"bad token " + TOKEN + "\"}"));

        RollbackOutcome outcome = executor().execute(strategy().plan(request()).await()).await();

        assertThat(outcome.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(outcome.summary()).contains("POST http://127.0.0.1:").contains("/flags/off answered 500")
                .contains("bad token ****").doesNotContain(TOKEN);
        assertThat(String.join("\n", outcome.evidence())).doesNotContain(TOKEN);
    }

    @Test
    void shouldRefuseToPlanATemplateWithAnUnknownPlaceholder() {
        settings = FeatureFlagSettings.of(new HttpFlagSettings("search_v2",
                HttpRequestSettings.post(http.url("/flags"), Map.of(), "{\"why\": \"{{reason}}\"}"), null));

        assertThatThrownBy(() -> strategy().plan(request()).await())
                .hasMessageContaining("feature_flag.http.request.body uses unknown placeholder(s) [reason]");
        assertThat(http.requests()).isEmpty();
    }

    private FeatureFlagStrategy strategy() {
        return new FeatureFlagStrategy(vertx, name -> Optional.ofNullable(settings));
    }

    private RollbackExecutor executor() {
        return new RollbackExecutor(vertx, Clock.systemUTC(), new PgJournal(statePool, Clock.systemUTC()),
                List.of(strategy()), name -> target.address().connectOptions());
    }

    private static RollbackRequest request() {
        return request(null);
    }

    private static RollbackRequest request(Decision decision) {
        return RollbackRequest.of("shop", target.address().connectOptions(), decision, null, RollbackOptions.defaults(),
                Clock.systemUTC());
    }
}
