package dev.warden.checks.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.config.HttpEndpoint;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A health endpoint served by the test on a free loopback port: healthy, failing, slow, gone. */
@ExtendWith(PostgresExtension.class)
class HttpHealthCheckTest {
    private static CheckHarness harness;
    private static HttpServer application;
    private static int closedPort;

    @BeforeAll
    static void start(TestDatabase database) {
        harness = new CheckHarness(database);
        application = harness.vertx().createHttpServer().requestHandler(request -> {
            switch (request.path()) {
                case "/health" -> request.response().end("ok");
                case "/broken" -> request.response().setStatusCode(503).end("database unavailable");
                case "/slow" -> harness.vertx().setTimer(300, id -> request.response().end("ok, eventually"));
                default -> request.response().setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1").await();
        HttpServer gone = harness.vertx().createHttpServer().requestHandler(r -> r.response().end())
                .listen(0, "127.0.0.1").await();
        closedPort = gone.actualPort();
        gone.close().await();
    }

    @AfterAll
    static void stop() {
        application.close().await();
        harness.close();
    }

    @Test
    void shouldBeOkWhenTheEndpointAnswersTheExpectedStatusInTime() {
        CheckResult result = harness.run(check(endpoint("api", "/health", Duration.ofSeconds(1))));

        assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.OK);
        assertThat(endpoints(result).get(0)).containsEntry("status", 200).containsEntry("outcome", "OK");
    }

    @Test
    void shouldBreachWhenTheEndpointAnswersAnotherStatus() {
        CheckResult result = harness.run(check(endpoint("api", "/health", Duration.ofSeconds(1)),
                endpoint("checkout", "/broken", Duration.ofSeconds(1))));

        assertThat(result.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(result.issue()).isEqualTo(IssueType.PARTIAL_FEATURE_FAILURE);
        assertThat(result.severity()).isEqualTo(Severity.LOW);
        assertThat(result.summary()).isEqualTo("endpoint checkout wrong status: answered 503, expected 200");
        assertThat(endpoints(result)).extracting(e -> e.get("outcome")).containsExactly("OK", "WRONG_STATUS");
    }

    @Test
    void shouldBreachWhenTheEndpointIsSlowerThanItsBudget() {
        CheckResult result = harness.run(check(endpoint("search", "/slow", Duration.ofMillis(100))));

        assertThat(result.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(result.summary()).startsWith("endpoint search slow: answered in ").endsWith("budget 100 ms");
    }

    @Test
    void shouldBreachWhenTheApplicationRefusesConnections() {
        HttpEndpoint down = new HttpEndpoint("api", URI.create("http://user:s3cret@127.0.0.1:" + closedPort + "/health"),
                200, Duration.ofSeconds(1), Duration.ofSeconds(2));

        CheckResult result = harness.run(check(down));

        assertThat(result.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(endpoints(result).get(0)).containsEntry("outcome", "DOWN")
                .containsEntry("url", "http://127.0.0.1:" + closedPort + "/health");
        assertThat(result.summary()).startsWith("endpoint api down: no answer: ");
        assertThat(result.toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldBreachWhenTheEndpointDoesNotAnswerWithinItsTimeout() {
        HttpEndpoint hanging = new HttpEndpoint("search", URI.create(url("/slow")), 200, Duration.ofMillis(50),
                Duration.ofMillis(100));

        CheckResult result = harness.run(check(hanging));

        assertThat(result.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(endpoints(result).get(0)).containsEntry("outcome", "DOWN");
    }

    @Test
    void shouldBeInconclusiveWhenWardenCannotEvenSendTheRequest() {
        HttpEndpoint impossible = new HttpEndpoint("api", URI.create("http://127.0.0.1:70000/health"), 200,
                Duration.ofSeconds(1), Duration.ofSeconds(2));

        CheckResult result = harness.run(check(impossible));

        assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.INCONCLUSIVE);
        assertThat(result.summary()).startsWith("endpoint api skipped: Warden could not send the request: ");
    }

    private static HttpHealthCheck check(HttpEndpoint... endpoints) {
        return new HttpHealthCheck(List.of(endpoints));
    }

    private static HttpEndpoint endpoint(String name, String path, Duration budget) {
        return new HttpEndpoint(name, URI.create(url(path)), 200, budget, Duration.ofSeconds(2));
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + application.actualPort() + path;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> endpoints(CheckResult result) {
        return (List<Map<String, Object>>) result.evidence().get("endpoints");
    }
}
