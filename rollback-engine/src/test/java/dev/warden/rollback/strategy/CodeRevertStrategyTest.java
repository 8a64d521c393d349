package dev.warden.rollback.strategy;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.warden.rollback.external.CommandSettings;
import dev.warden.rollback.external.HttpRequestSettings;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;
@ExtendWith(PostgresExtension.class)
class CodeRevertStrategyTest {
    private static final String TOKEN = "deploy-token-s3cret";
    private static TestDatabase target;
    private static TestDatabase state;
    private static Vertx vertx;
    private static Pool statePool;
    private RecordingHttpServer deploy;
    private CodeRevertSettings settings;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp(TestDatabase database, PostgresServer server) {
        target = database;
        state = server.createDatabase("revert_state");
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
    void startDeploySystem() {
        deploy = RecordingHttpServer.start(vertx);
    }

    @AfterEach
    void stopDeploySystem() {
        deploy.close();
    }

    @Test
    void shouldCallTheWebhookWithTheDecisionAndAnIdempotencyKeyThenPollUntilTheRevertIsLive() {
        deploy.answering(r -> r.method().equals("POST") ? new RecordingHttpServer.Answer(202, "{\"queued\": true}")
                : deploy.requests("GET").size() < 3 ? new RecordingHttpServer.Answer(503, "{\"version\": \"v42\"}")
                : new RecordingHttpServer.Answer(200, "{\"version\": \"v41\"}"));
        settings = new CodeRevertSettings(HttpRequestSettings.post(deploy.url("/hooks/revert"),
                Map.of("Authorization", new Secret("Bearer " + TOKEN)), null), null,
                new SuccessCheckSettings(deploy.url("/version"), Map.of(), 200, "v41", null, Duration.ofSeconds(10),
                        Duration.ofMillis(50)));
        Decision decision = JournalFixture.decision("shop", StrategyKind.CODE_REVERT, DecisionMode.AUTO);

        RollbackPlan plan = strategy().plan(request(decision)).await();
        RollbackOutcome outcome = executor().execute(plan).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(plan.stepNames()).containsExactly("request_code_revert", "await_revert_success");
        assertThat(deploy.requests("POST")).singleElement().satisfies(post -> {
            assertThat(post.path()).isEqualTo("/hooks/revert");
            assertThat(post.headers()).containsEntry("Idempotency-Key", plan.id())
                    .containsEntry("Authorization", "Bearer " + TOKEN);
            JsonObject body = post.json();
            assertThat(body.getString("decision_id")).isEqualTo(decision.id());
            assertThat(body.getString("rollback_id")).isEqualTo(plan.id());
            assertThat(body.getString("target")).isEqualTo("shop");
            assertThat(body.getString("issue")).isEqualTo("data_corruption");
            assertThat(body.getString("severity")).isEqualTo("critical");
            assertThat(body.getString("strategy")).isEqualTo("code_revert");
            assertThat(body.getString("reasoning")).isEqualTo("public.orders dropped 40%");
            assertThat(body.getString("deadline")).isEqualTo(decision.deadline().toString());
        });
        assertThat(deploy.requests("GET")).as("done() once, then polled until the old version answered").hasSize(3);
        assertThat(outcome.evidence()).anySatisfy(line -> assertThat(line).contains("revert is live"));
    }

    @Test
    void shouldNotRequestARevertAgainOnceItsSuccessCheckPasses() {
        deploy.answering(r -> new RecordingHttpServer.Answer(200, "{\"version\": \"v41\"}"));
        settings = new CodeRevertSettings(HttpRequestSettings.post(deploy.url("/hooks/revert"), Map.of(), null), null,
                SuccessCheckSettings.url(deploy.url("/version"), "v41"));

        RollbackPlan plan = strategy().plan(request(null)).await();
        executor().execute(plan).await();

        assertThat(JournalFixture.events(state.sql(), plan.id())).containsExactly(
                "0:request_code_revert:skipped_already_done", "1:await_revert_success:skipped_already_done");
        assertThat(deploy.requests("POST")).isEmpty();
    }

    @Test
    void shouldReportPartialWhenTheRevertNeverGoesLiveWithinItsBound() {
        deploy.answering(r -> new RecordingHttpServer.Answer(r.method().equals("POST") ? 200 : 503, "{}"));
        settings = new CodeRevertSettings(HttpRequestSettings.post(deploy.url("/hooks/revert"), Map.of(), null), null,
                new SuccessCheckSettings(deploy.url("/version"), Map.of(), 200, null, null, Duration.ofMillis(400),
                        Duration.ofMillis(50)));

        RollbackOutcome outcome = executor().execute(strategy().plan(request(null)).await()).await();

        assertThat(outcome.status()).isEqualTo(RollbackStatus.PARTIAL);
        assertThat(outcome.summary()).contains("step 2 await_revert_success failed: the success check did not pass"
                + " within PT0.4S").contains("answered 503");
    }

    @Test
    void shouldRunTheCommandWithTheDecisionInItsEnvironmentAndCheckWithAnother() throws IOException {
        Path seen = dir.resolve("seen.txt");
        settings = new CodeRevertSettings(null, new CommandSettings(List.of("sh", "-c",
                "printf '%s|%s|%s|%s|%s' \"$WARDEN_DECISION_ID\" \"$WARDEN_TARGET\" \"$WARDEN_ISSUE\""
                        + " \"$WARDEN_IDEMPOTENCY_KEY\" \"$DEPLOY_TOKEN\" > " + seen), Map.of("DEPLOY_TOKEN",
                new Secret(TOKEN)), null),
                new SuccessCheckSettings(null, Map.of(), null, null, CommandSettings.of(List.of("test", "-s",
                        seen.toString())), Duration.ofSeconds(5), Duration.ofMillis(50)));
        Decision decision = JournalFixture.decision("shop", StrategyKind.CODE_REVERT, DecisionMode.AUTO);

        RollbackPlan plan = strategy().plan(request(decision)).await();
        RollbackOutcome outcome = executor().execute(plan).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(Files.readString(seen)).isEqualTo(decision.id() + "|shop|data_corruption|" + plan.id() + "|" + TOKEN);
    }

    @Test
    void shouldFailACommandThatExitsNonZeroWithItsStderrAndNoSecret() {
        settings = new CodeRevertSettings(null, new CommandSettings(List.of("sh", "-c",
                "echo \"deploy refused for token $DEPLOY_TOKEN\" >&2; exit 3"), Map.of("DEPLOY_TOKEN",
                new Secret(TOKEN)), null), null);

        RollbackOutcome outcome = executor().execute(strategy().plan(request(null)).await()).await();

        assertThat(outcome.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(outcome.summary()).contains("sh exited with 3: deploy refused for token ****")
                .doesNotContain(TOKEN);
    }

    private CodeRevertStrategy strategy() {
        return new CodeRevertStrategy(vertx, name -> Optional.ofNullable(settings));
    }

    private RollbackExecutor executor() {
        return new RollbackExecutor(vertx, Clock.systemUTC(), new PgJournal(statePool, Clock.systemUTC()),
                List.of(strategy()), name -> target.address().connectOptions());
    }

    private static RollbackRequest request(Decision decision) {
        return RollbackRequest.of("shop", target.address().connectOptions(), decision, null, RollbackOptions.defaults(),
                Clock.systemUTC());
    }
}
