package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.warden.config.ConfigLoader;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Generated malformed requests over every route and method, with and without the token: no 5xx while
 * the state store is up, every error a JSON body with an "error" string, no /api request let through
 * without the token, no ERROR in the log. More requests: {@code -Dwarden.fuzz.requests=5000}; another
 * sequence: {@code -Dwarden.fuzz.seed=N}.
 */
class HttpFuzzTest {
    private static final String TOKEN = "fuzz-token";
    private static final int REQUESTS = Integer.getInteger("warden.fuzz.requests", 1000);
    private static final long SEED = Long.getLong("warden.fuzz.seed", 12L);
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};
    private static final String[] STRATEGIES = {"full_rollback", "branch_swap", "down_migration", "feature_flag",
            "code_revert", "read_only", "freeze"};
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger wardenLog = (Logger) LoggerFactory.getLogger("dev.warden");
    private EmbeddedServer server;
    private Warden warden;

    @BeforeEach
    void start() {
        log.start();
        wardenLog.addAppender(log);
        server = EmbeddedServer.start(PostgresServer.workDirectory().resolve("http-fuzz-" + System.nanoTime()),
                EmbeddedServer.CLASSPATH_MAJOR);
        new Sql(server.address("postgres")).execute("CREATE DATABASE shop");
        new Sql(server.address("shop")).execute("CREATE TABLE orders (id int PRIMARY KEY);"
                + " INSERT INTO orders SELECT generate_series(1, 100)");
        warden = Warden.start(ConfigLoader.parse("""
                server: {port: 0, token: %s}
                state: {url: "%s"}
                targets:
                  - name: shop
                    url: "%s"
                    critical_tables: [orders]
                    snapshots: {schedule: "off"}
                """.formatted(TOKEN, server.address("warden").uri(), server.address("shop").uri()), "test", Map.of()),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        wardenLog.detachAppender(log);
        if (warden != null) {
            warden.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldAnswerEveryMalformedRequestWithA4xxAndJsonAndNeverLetOneThroughWithoutTheToken() throws Exception {
        Random random = new Random(SEED);
        List<String> problems = new ArrayList<>();
        int withoutToken = 0;
        for (int i = 0; i < REQUESTS; i++) {
            String method = random.nextInt(3) > 0 ? (random.nextBoolean() ? "GET" : "POST")
                    : METHODS[random.nextInt(METHODS.length)];
            String path = path(random);
            String body = random.nextInt(4) == 0 ? null : body(random);
            int auth = random.nextInt(4); // 0 none, 1 wrong token, 2 malformed header, 3 the token
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(warden.baseUrl() + path))
                    .timeout(Duration.ofSeconds(30)).method(method, body == null
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (random.nextBoolean()) {
                request.header("Content-Type", random.nextBoolean() ? "application/json" : "text/plain");
            }
            switch (auth) {
                case 1 -> request.header("Authorization", "Bearer not-" + TOKEN);
                case 2 -> request.header("Authorization", random.nextBoolean() ? TOKEN : "Basic " + TOKEN);
                case 3 -> request.header("Authorization", "Bearer " + TOKEN);
                default -> { }
            }
            String what = method + " " + path + (body == null ? "" : " " + abbreviate(body)) + " auth=" + auth;
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (body != null && body.length() > 64 * 1024) {
                    continue; // the server may close the connection on a body over the limit, after its 413
                }
                problems.add(what + " -> " + e);
                continue;
            }
            int status = response.statusCode();
            boolean api = path.startsWith("/api") || path.contains("/../api");
            if (api && auth != 3) {
                withoutToken++;
                if (status != 401) {
                    problems.add(what + " -> " + status + " without the token");
                }
            }
            if (status >= 500) {
                problems.add(what + " -> " + status + " " + abbreviate(response.body()));
            }
            if (status >= 400 && !"HEAD".equals(method) && !hasError(response.body())) {
                problems.add(what + " -> " + status + " without a JSON error: " + abbreviate(response.body()));
            }
        }
        assertThat(problems).as("requests answered wrongly").isEmpty();
        assertThat(withoutToken).as("requests without the token").isGreaterThan(REQUESTS / 4);
        assertThat(log.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage))
                .as("ERROR lines in the log").isEmpty();
    }

    @Test
    void shouldAnswer503WithJsonWhenTheStateStoreIsDown() throws Exception {
        assertThat(send("GET", "/api/rollbacks").statusCode()).isEqualTo(200);
        server.stop();
        for (String path : List.of("/api/rollbacks", "/api/rollbacks/" + UUID.randomUUID(),
                "/api/rollbacks/" + UUID.randomUUID() + "/report", "/api/decisions", "/api/targets/shop/snapshots",
                "/api/targets/shop/snapshots/1", "/api/targets/shop/snapshots/diff?from=1&to=2")) {
            HttpResponse<String> response = send("GET", path);
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(503);
            assertThat(hasError(response.body())).as(path + " " + response.body()).isTrue();
        }
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(warden.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean hasError(String body) {
        try {
            return new JsonObject(body).getValue("error") instanceof String;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "...(" + text.length() + ")" : text;
    }

    private static String path(Random random) {
        String target = pick(random, "shop", "shop", "nope", "%00", "sh%00op", "..", "%2e%2e", "a%20b", "%F0%9F%92%A5",
                "x".repeat(300), "shop%0Ainjected", "%27;%20DROP%20TABLE%20x;%20--");
        String id = pick(random, UUID.randomUUID().toString(), "1", "-1", "0", "99999999999999999999", "abc", "%00",
                "1%00", UUID.randomUUID() + "%00", "null", "1e3", "%27", "..", "x".repeat(500));
        String route = pick(random, "/api/targets", "/api/targets/" + target + "/checks",
                "/api/targets/" + target + "/snapshots", "/api/targets/" + target + "/snapshots/" + id,
                "/api/targets/" + target + "/snapshots/diff?from=" + id + "&to=" + pick(random, "1", "x", "%00", ""),
                "/api/targets/" + target + "/snapshots/diff", "/api/decisions", "/api/decisions?target=" + target,
                "/api/rollbacks", "/api/rollbacks/" + id, "/api/rollbacks/" + id + "/report",
                "/api/rollbacks/" + id + "/approve", "/api/targets/" + target + "/rollbacks",
                "/api/targets/" + target + "/lift", "/api/targets/" + target + "/migrations", "/api/migrations",
                "/api/migrations/" + id, "/api/migrations/" + id + "/report", "/api/migrations/" + id + "/heartbeat",
                "/api/migrations/" + id + "/finish", "/api/targets/" + target + "/drills", "/api/drills/" + id,
                "/api/drills/" + id + "/report", "/api/drills/" + id + "/finish",
                "/api/targets/" + target + "/databases", "/api/targets/" + target + "/databases/prune",
                "/api/nothing-here", "/api/", "/metrics", "/health/live",
                "/health/ready", "/runbooks/" + pick(random, "WardenTargetDown.md", "nope.md", "..%2F..%2Fetc%2Fpasswd",
                        "%00.md", "x"), "/nothing-here");
        return switch (random.nextInt(10)) {
            case 0 -> "/health/../api/" + route.substring(route.indexOf('/', 1) + 1);
            case 1 -> route.startsWith("/api/") ? "/api/./" + route.substring(5) : route;
            default -> route;
        };
    }

    private static String body(Random random) {
        String strategy = pick(random, STRATEGIES);
        Object dryRun = pick(random, "true", "null", "\"false\"", "1", "[]", "{}");
        return switch (random.nextInt(16)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "null";
            case 3 -> "[1, 2, 3]";
            case 4 -> "\"strategy\"";
            case 5 -> "{\"strategy\": " + pick(random, "null", "1", "[]", "{}", "true", "\"nope\"", "\"\\u0000\"") + "}";
            case 6 -> "{\"strategy\": \"" + strategy + "\", \"dry_run\": " + dryRun + "}";
            case 7 -> "{\"strategy\": \"" + strategy + "\"}";
            case 8 -> "{\"dry_run\": " + dryRun + "}";
            case 9 -> "{\"reason\": " + pick(random, "null", "1", "\"nope\"", "\"manual\"", "\"\\u0000\"", "[]") + "}";
            case 10 -> "{\"x\": \"" + "y".repeat(70 * 1024) + "\"}";
            case 11 -> "\u0000\u0001garbage";
            case 12 -> "{\"strategy\": \"" + strategy + "\", \"strategy\": 2}";
            case 13 -> "[".repeat(2000);
            case 14 -> "{\"dry_run\": true, \"strategy\": \"" + strategy.toUpperCase() + "\"}";
            default -> "{}";
        };
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
