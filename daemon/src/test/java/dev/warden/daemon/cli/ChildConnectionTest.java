package dev.warden.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13: what {@code warden migrate} gives its command to reach the target, and what it keeps off the command line. */
class ChildConnectionTest {
    private static final JsonObject LOGIN = new JsonObject().put("host", "db.internal").put("port", 5433)
            .put("database", "shop floor").put("user", "migrator")
            .put("application_name", "warden-migrate-1234");

    @Test
    void shouldGiveTheCommandLibpqVariablesForTheTarget() {
        Map<String, String> env = new HashMap<>(Map.of("PGPASSWORD", "the operator's own", "PATH", "/usr/bin"));

        new ChildConnection(LOGIN).environment(env);

        assertThat(env).containsEntry("PGHOST", "db.internal").containsEntry("PGPORT", "5433")
                .containsEntry("PGDATABASE", "shop floor").containsEntry("PGUSER", "migrator")
                .containsEntry("PGAPPNAME", "warden-migrate-1234")
                .containsEntry("PATH", "/usr/bin");
    }

    @Test
    void shouldLeaveTheOperatorsOwnPasswordAsItIs() {
        Map<String, String> env = new HashMap<>(Map.of("PGPASSWORD", "the operator's own"));

        new ChildConnection(LOGIN).environment(env);

        assertThat(env).containsEntry("PGPASSWORD", "the operator's own");
    }

    @Test
    void shouldExpandTheUrlPlaceholderToAJdbcUrlNamingTheSessionWithoutThePassword() {
        List<String> expanded = new ChildConnection(LOGIN).expand(List.of("mvn", "flyway:migrate", "-Dflyway.url={{url}}"));

        assertThat(expanded).containsExactly("mvn", "flyway:migrate", "-Dflyway.url=jdbc:postgresql://db.internal:5433/"
                + "shop+floor?user=migrator&ApplicationName=warden-migrate-1234");
    }
}
