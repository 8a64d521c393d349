package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.AlertmanagerProcess;
import dev.warden.daemon.alert.Runbooks;
import dev.warden.daemon.grafana.RepositoryFiles;
import dev.warden.daemon.rollback.Rollbacks;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Warden serves docs/runbooks itself, and its alerts link there by default. */
@ExtendWith(PostgresExtension.class)
class RunbooksTest {
    private static final Path RUNBOOKS = RepositoryFiles.root().resolve("docs").resolve("runbooks");

    @Test
    void shouldHaveARunbookPageForEveryAlertWardenFires() throws Exception {
        List<String> names = new ArrayList<>(List.of(Rollbacks.NEEDS_ATTENTION));
        for (Field field : Alert.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        assertThat(names).contains(Alert.CHECK_BREACH, Alert.CHECK_INCONCLUSIVE, Alert.TARGET_DOWN, Alert.DECISION);
        for (String name : names) {
            assertThat(Runbooks.page(name)).as("the runbook of " + name).contains(Files.readString(RUNBOOKS.resolve(name + ".md")));
        }
        assertThat(Runbooks.page("../../pom")).isEmpty();
        assertThat(Runbooks.page("NoSuchAlert")).isEmpty();
    }

    @Test
    void shouldLinkEachAlertToTheRunbookThisWardenServes(TestDatabase state) throws Exception {
        AlertmanagerProcess alertmanager = AlertmanagerProcess.prepare("runbooks", "http://127.0.0.1:9/").start();
        Warden warden = Warden.start(ConfigLoader.parse("""
                server: {port: 0}
                state: {url: "%s"}
                alerting: {alertmanagers: ["%s"], resend_interval: 200ms}
                targets:
                  - name: gone
                    url: "postgres://warden@127.0.0.1:%d/gone"
                    heartbeat_interval: 200ms
                    connection: {reconnect_initial_backoff: 100ms, reconnect_max_backoff: 200ms, connect_timeout: 500ms}
                    snapshots: {schedule: "off"}
                """.formatted(state.uri(), alertmanager.url(), WardenProcess.freePort()), "test", Map.of()),
                Clock.systemUTC());
        try {
            JsonObject down = await().atMost(Duration.ofSeconds(15)).until(() -> alertmanager.alerts().stream()
                    .map(JsonObject.class::cast)
                    .filter(a -> a.getJsonObject("labels").getString("alertname").equals(Alert.TARGET_DOWN))
                    .findFirst().orElse(null), a -> a != null);
            String runbook = down.getJsonObject("annotations").getString("runbook_url");
            assertThat(runbook).isEqualTo(warden.baseUrl() + "/runbooks/WardenTargetDown.md");

            HttpProbe.Response page = HttpProbe.get(runbook);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).isEqualTo(Files.readString(RUNBOOKS.resolve("WardenTargetDown.md")));
            assertThat(HttpProbe.get(warden.baseUrl() + "/runbooks/NoSuchAlert.md").status()).isEqualTo(404);
            assertThat(HttpProbe.get(warden.baseUrl() + "/runbooks/WardenTargetDown").status()).isEqualTo(404);
            assertThat(down.getJsonObject("annotations").getString("description"))
                    .startsWith("Warden cannot reach gone: ").doesNotContain("{");
        } finally {
            warden.stop();
            alertmanager.close();
        }
    }
}
