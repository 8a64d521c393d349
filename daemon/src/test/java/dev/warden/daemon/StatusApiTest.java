package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warden.daemon.cli.Main;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 3: {@code GET /api/status} and {@code warden status} show every target on one screen,
 * here with a rollback that waits for approval (a 40% delete on a critical table, rule in approve mode);
 * the read commands answer JSON and YAML; a write from another site's page is refused.
 */
class StatusApiTest {
    private static final String TOKEN = "status-token";
    private static final String NOBODYS_ROLLBACK = "00000000-0000-4000-8000-000000000000";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static PendingApproval scene;
    private static Warden warden;
    private static String rollbackId;
    private static long snapshotId;

    @BeforeAll
    static void awaitingApproval() {
        scene = PendingApproval.start("status-api", TOKEN);
        warden = scene.warden;
        rollbackId = scene.rollbackId;
        snapshotId = scene.snapshotId;
    }

    @AfterAll
    static void stop() {
        if (scene != null) {
            scene.close();
        }
    }

    @Test
    void shouldShowEveryPartOfATargetWaitingForApprovalOnOneScreen() {
        JsonObject status = status();
        JsonObject shop = status.getJsonArray("targets").getJsonObject(0);
        assertThat(shop.getString("name")).isEqualTo("shop");
        assertThat(shop.getBoolean("up")).isTrue();
        assertThat(shop.getBoolean("read_only")).isFalse();
        assertThat(shop.getJsonObject("restore_point").getLong("snapshot")).isEqualTo(snapshotId);
        assertThat(shop.getJsonObject("restore_point").getLong("age_seconds")).isNotNegative();
        assertThat(shop.getValue("migration")).as("no migration running").isNull();
        assertThat(shop.getJsonObject("incident").getString("issue")).isEqualTo("data_corruption");
        assertThat(shop.getJsonObject("incident").getString("check")).isEqualTo("row_count_drift");
        JsonObject pending = shop.getJsonArray("pending_approvals").getJsonObject(0);
        assertThat(pending.getString("strategy")).isEqualTo("read_only");
        assertThat(pending.getString("approve")).isEqualTo("/api/rollbacks/" + rollbackId + "/approve");
        assertThat(shop.getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("check").equals("row_count_drift")).findFirst().orElseThrow()
                .getString("status")).isEqualTo("breach");

        // The breach goes on after the decision: later ones are not acted on, the incident being answered.
        assertThat(status.getJsonArray("decisions").stream().map(JsonObject.class::cast)
                .map(d -> d.getJsonObject("outcome")).filter(o -> o.getString("kind").equals("awaiting_approval"))
                .map(o -> o.getString("rollback_id"))).containsExactly(rollbackId);
        JsonObject rollback = status.getJsonArray("rollbacks").getJsonObject(0);
        assertThat(rollback.getString("status")).isEqualTo("planned");
        assertThat(rollback.getString("report")).isEqualTo("/api/rollbacks/" + rollbackId + "/report");
        assertThat(HttpProbe.get(warden.baseUrl() + rollback.getString("report"), TOKEN).status()).isEqualTo(200);
        assertThat(HttpProbe.get(warden.baseUrl() + "/api/status").status()).as("the token guards it").isEqualTo(401);
    }

    @Test
    void shouldPrintTheStatusAsAnAlignedTableAndAsJsonAndYaml() throws Exception {
        String table = warden("status");
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).startsWith("TARGET").contains("RESTORE POINT").contains("INCIDENT");
        assertThat(lines.get(1)).startsWith("shop").contains("snapshot " + snapshotId + " (clone)")
                .contains("data_corruption/critical (row_count_drift)").contains("1 breach");
        assertThat(lines.get(1).indexOf("snapshot " + snapshotId)).as("aligned under its header")
                .isEqualTo(lines.get(0).indexOf("RESTORE POINT"));
        assertThat(table).contains("Awaiting approval:").contains("warden rollback approve " + rollbackId)
                .contains("awaiting approval: POST /api/rollbacks/" + rollbackId + "/approve")
                .contains("Rollbacks, newest first");

        assertThat(new JsonObject(warden("status", "-o", "json")).getJsonArray("targets").getJsonObject(0)
                .getJsonArray("pending_approvals").getJsonObject(0).getString("rollback_id")).isEqualTo(rollbackId);
        JsonNode yaml = YAML.readTree(warden("status", "-o", "yaml"));
        assertThat(yaml.path("targets").path(0).path("pending_approvals").path(0).path("rollback_id").asText())
                .isEqualTo(rollbackId);
        assertThat(YAML.readTree(warden("decisions", "-o", "yaml")).path("decisions").findValuesAsText("kind"))
                .contains("awaiting_approval");
        assertThat(YAML.readTree(warden("report", rollbackId, "-o", "yaml")).path("status").asText()).isEqualTo("planned");
        assertThat(warden("rollback", "list")).containsPattern(rollbackId + "\\s+read_only\\s+planned");
        assertThat(new JsonObject(warden("rollback", "list", "-o", "json")).getJsonArray("rollbacks")).hasSize(1);
        assertThat(run("status", "-o", "xml")).isEqualTo(2);
    }

    /** Issue 15: snapshot list's columns did not line up. */
    @Test
    void shouldAlignEverySnapshotColumnUnderItsHeader() throws Exception {
        List<String> lines = warden("snapshot", "list", "--target", "shop").lines().toList();
        String header = lines.get(0);
        String row = lines.stream().filter(l -> l.startsWith(snapshotId + " ")).findFirst().orElseThrow();
        assertThat(row.indexOf("manual")).isEqualTo(header.indexOf("REASON"));
        assertThat(row.indexOf("clean")).isEqualTo(header.indexOf("STATE"));
        assertThat(row.indexOf("clone backup")).isEqualTo(header.indexOf("BACKUP"));
        assertThat(YAML.readTree(warden("snapshot", "list", "--target", "shop", "-o", "yaml")).path("snapshots")
                .path(0).path("id").asLong()).isEqualTo(snapshotId);
    }

    @Test
    void shouldRedrawTheStatusUntilStopped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread watching = new Thread(() -> exit.set(Main.run(new String[] {"status", "--watch", "200ms", "--url",
                warden.baseUrl()}, Map.of("WARDEN_TOKEN", TOKEN), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err)));
        watching.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("TARGET")).count() >= 3);
        watching.interrupt();
        watching.join(10_000);
        assertThat(watching.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).as("not a terminal: no screen clearing").doesNotContain("\033[");
        assertThat(run("status", "--watch", "1ms")).isEqualTo(2);
    }

    /** Issue 15 item 10: a browser on another site's page must not approve, whatever it sends. */
    @Test
    void shouldRefuseAnApproveSentFromAnotherSitesPage() throws Exception {
        HttpResponse<String> foreignOrigin = send("POST", "/api/rollbacks/" + rollbackId + "/approve",
                Map.of("Origin", "http://attacker.example"));
        assertThat(foreignOrigin.statusCode()).as(foreignOrigin.body()).isEqualTo(403);
        assertThat(new JsonObject(foreignOrigin.body()).getString("error")).contains("another site's page");
        HttpResponse<String> crossSite = send("POST", "/api/rollbacks/" + rollbackId + "/approve",
                Map.of("Sec-Fetch-Site", "cross-site"));
        assertThat(crossSite.statusCode()).as(crossSite.body()).isEqualTo(403);
        assertThat(HttpProbe.get(warden.baseUrl() + "/api/rollbacks/" + rollbackId, TOKEN).body())
                .contains("\"status\":\"planned\"");
        HttpResponse<String> sameOrigin = send("POST", "/api/rollbacks/" + NOBODYS_ROLLBACK + "/approve",
                Map.of("Origin", warden.baseUrl(), "Sec-Fetch-Site", "same-origin"));
        assertThat(sameOrigin.statusCode()).as("the page's own request passes the guard: " + sameOrigin.body())
                .isEqualTo(404);
    }

    private static JsonObject status() {
        HttpProbe.Response answer = HttpProbe.get(warden.baseUrl() + "/api/status", TOKEN);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return new JsonObject(answer.body());
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(warden.baseUrl() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.ofString("{}"));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(Map.of("WARDEN_TOKEN", TOKEN), Stream.concat(Arrays.stream(args), Stream.of("--url",
                warden.baseUrl())).toArray(String[]::new));
    }

    private String warden(String... args) {
        assertThat(run(args)).as(cli.output()).isZero();
        return cli.stdout();
    }
}
