package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.ErrorCode;
import dev.warden.config.schema.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void shouldApplyDefaultsToAMinimalFile() {
        WardenConfig config = ConfigLoader.parse("""
                targets:
                  - name: orders
                    url: postgres://app@db.internal:6432/orders
                """, "warden.yaml", NO_ENV);

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(9746);
        TargetConfig target = config.targets().get(0);
        assertThat(target.connection().host()).isEqualTo("db.internal");
        assertThat(target.connection().port()).isEqualTo(6432);
        assertThat(target.session().maxConnections()).isEqualTo(2);
        assertThat(target.session().statementTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(target.session().lockTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(target.session().serverConnections()).isEqualTo(100);
        assertThat(target.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.decisionMatrix()).isEqualTo(DecisionRule.DEFAULTS);
        assertThat(config.stateConnection().database()).isEqualTo("warden");
        assertThat(config.stateConnection().host()).isEqualTo("db.internal");
    }

    @Test
    void shouldReportEveryProblemWithItsFullKeyPath() {
        String yaml = """
                server:
                  prot: 9000
                targets:
                  - name: orders
                    url: postgres://app@db/orders
                  - name: billing
                    url: localhost
                    connection:
                      lock_timeout: soon
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "warden.yaml", NO_ENV))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG);
                    assertThat(e.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                            "server.prot: unknown key, did you mean \"port\"?",
                            "targets[1].url: expected a postgres:// URI, found \"localhost\"",
                            "targets[1].connection.lock_timeout: expected a duration such as 500ms, 5s, 10m, 1h30m,"
                                    + " found \"soon\"");
                    assertThat(e.getMessage()).startsWith("warden.yaml: 3 problems");
                });
    }

    @Test
    void shouldNeverShowAPasswordInAnyMessage() {
        String yaml = """
                server:
                  token: hunter2-token
                  port: [1]
                targets:
                  - name: orders
                    url: postgres://app:hunter2@db/orders?sslmode=bogus&colour=red
                  - name: Bad Name
                    url: postgres://app:hunter2@db/orders
                state:
                  url: mysql://root:hunter2@db/warden
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "warden.yaml", NO_ENV))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2")
                        .contains("state.url: expected a postgres:// URI, found \"mysql://root:****@db/warden\"")
                        .contains("targets[0].url: expected URI parameters among")
                        .contains("targets[1].name: expected a name of lower-case letters"));
    }

    @Test
    void shouldRejectAMalformedHostInsteadOfFallingBackToLocalhost() {
        assertThatThrownBy(() -> ConfigLoader.parse("targets: [{name: a, url: 'postgres://u:pw@db:notaport/a'}]", "f", NO_ENV))
                .hasMessageContaining("targets[0].url: expected host[:port] with a numeric port")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw@"));
        assertThatThrownBy(() -> ConfigLoader.parse("targets: [{name: a, url: 'postgres://db/a?sslmode=maybe'}]", "f", NO_ENV))
                .hasMessageContaining("expected sslmode among");
    }

    @Test
    void shouldRedactThePasswordOfAValidConnection() {
        WardenConfig config = ConfigLoader.parse("""
                targets: [{name: orders, url: "postgres://app:s%40cret@db/orders"}]
                """, "warden.yaml", NO_ENV);

        ConnectionSpec connection = config.targets().get(0).connection();
        assertThat(connection.password().reveal()).isEqualTo("s@cret");
        assertThat(connection.toString()).isEqualTo("postgres://app@db:5432/orders").doesNotContain("cret");
        assertThat(config.toString()).doesNotContain("cret");
    }

    @Test
    void shouldInterpolateTheEnvironment() {
        Map<String, String> env = Map.of("DB_HOST", "db.prod", "WARDEN_TOKEN", "t0k");
        WardenConfig config = ConfigLoader.parse("""
                server:
                  token: ${WARDEN_TOKEN}
                  port: ${WARDEN_PORT:-9999}
                  data_dir: /srv/$${literal}
                targets:
                  - name: orders
                    url: postgres://app@${DB_HOST}/orders
                """, "warden.yaml", env);

        assertThat(config.server().token().reveal()).isEqualTo("t0k");
        assertThat(config.server().port()).isEqualTo(9999);
        assertThat(config.targets().get(0).connection().host()).isEqualTo("db.prod");
        assertThat(config.server().dataDir()).isEqualTo(Path.of("/srv/${literal}"));
    }

    @Test
    void shouldTakeTheHomeDirectoryFromHomeLikeTheShell() {
        Map<String, String> env = Map.of("HOME", "/home/ops");

        assertThat(ConfigLoader.parse("targets: [{name: orders, url: \"postgres://app@db/orders\"}]", "warden.yaml", env)
                .server().dataDir()).isEqualTo(Path.of("/home/ops/.warden"));
        assertThat(ConfigLoader.parse("""
                server: {data_dir: ~/warden-data}
                targets: [{name: orders, url: "postgres://app@db/orders"}]
                """, "warden.yaml", env).server().dataDir()).isEqualTo(Path.of("/home/ops/warden-data"));
    }

    @Test
    void shouldSayWhichVariableIsMissingAndWhere() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                targets: [{name: orders, url: "postgres://${DB_USER}@db/orders"}]
                """, "warden.yaml", NO_ENV))
                .hasMessageContaining("targets[0].url: environment variable DB_USER is not set");
    }

    @Test
    void shouldFillWhatTheUriLeavesOutFromLibpqVariables() {
        Map<String, String> env = Map.of("PGHOST", "pg.internal", "PGPORT", "6543", "PGUSER", "ops",
                "PGPASSWORD", "pw", "PGDATABASE", "shop");
        WardenConfig fromUri = ConfigLoader.parse("targets: [{name: a, url: 'postgres:///orders'}]", "f", env);
        WardenConfig fromEnvOnly = ConfigLoader.parse("targets: [{name: a}]", "f", env);

        assertThat(fromUri.targets().get(0).connection().redacted()).isEqualTo("postgres://ops@pg.internal:6543/orders");
        assertThat(fromEnvOnly.targets().get(0).connection().redacted()).isEqualTo("postgres://ops@pg.internal:6543/shop");
        assertThat(fromEnvOnly.targets().get(0).connection().password().reveal()).isEqualTo("pw");
    }

    @Test
    void shouldRequireATargetUrlWhenNoLibpqVariablesAreSet() {
        assertThatThrownBy(() -> ConfigLoader.parse("targets: [{name: a}]", "f", NO_ENV))
                .hasMessageContaining("targets[0].url: required");
    }

    @Test
    void shouldRejectDuplicatesAndAnEmptyTargetList() {
        assertThatThrownBy(() -> ConfigLoader.parse("server: {port: 1}", "f", NO_ENV))
                .hasMessageContaining("targets: expected at least one target, found none");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                targets: [{name: a, url: "postgres://h/a"}, {name: a, url: "postgres://h/b"}]
                decision_matrix:
                  - {issue: query_errors, severity: high, strategy: code_revert, time_budget: 5m}
                  - {issue: query_errors, severity: high, strategy: freeze, time_budget: 5m}
                """, "f", NO_ENV))
                .hasMessageContaining("targets[1].name: expected a unique name, found \"a\" again")
                .hasMessageContaining("decision_matrix[1]: expected one row per issue and severity");
    }

    @Test
    void shouldReadSnapshotSettingsAndCheckCronAndCommand() {
        WardenConfig config = ConfigLoader.parse("""
                server: {data_dir: /srv/warden}
                targets:
                  - name: a
                    url: "postgres://h/a"
                    snapshots: {schedule: "0 */15 * * * ?", backup: clone, keep_last: 5}
                """, "f", NO_ENV);
        SnapshotConfig snapshots = config.targets().get(0).snapshots();
        assertThat(snapshots.backup()).isEqualTo(BackupKind.CLONE);
        assertThat(snapshots.keepLast()).isEqualTo(5);
        assertThat(snapshots.dumpDir()).isEqualTo(Path.of("/srv/warden/dumps"));
        assertThat(snapshots.maxAge()).isEqualTo(Duration.ofDays(7));

        assertThatThrownBy(() -> ConfigLoader.parse("""
                targets:
                  - name: a
                    url: "postgres://h/a"
                    snapshots: {schedule: "every hour", backup: command}
                """, "f", NO_ENV))
                .hasMessageContaining("targets[0].snapshots.schedule: expected a Quartz cron expression")
                .hasMessageContaining("targets[0].snapshots.backup_command: required when backup is command");
    }

    @Test
    void shouldReadARestorePointWithItsArchiveTimeoutAndRestoreCommand() {
        SnapshotConfig snapshots = ConfigLoader.parse("""
                state: {url: "postgres://elsewhere/warden"}
                targets:
                  - name: a
                    url: "postgres://h/a"
                    snapshots: {backup: restore_point, archive_timeout: 90s, restore_command: [/opt/restore.sh, main]}
                """, "f", NO_ENV).targets().get(0).snapshots();
        assertThat(snapshots.backup()).isEqualTo(BackupKind.RESTORE_POINT);
        assertThat(snapshots.archiveTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(snapshots.restoreCommand()).containsExactly("/opt/restore.sh", "main");
        assertThat(snapshots.restoresCluster()).isTrue();
        assertThat(ConfigLoader.parse("targets: [{name: a, url: \"postgres://h/a\", snapshots: {backup: restore_point}}]",
                "f", NO_ENV).targets().get(0).snapshots().archiveTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldRefuseARestoreCommandForCopiesAndOneThatWouldRewindWardensOwnState() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                targets:
                  - name: a
                    url: "postgres://h/a"
                    snapshots: {backup: clone, restore_command: [restore.sh]}
                  - name: b
                    url: "postgres://h2:5433/b"
                    snapshots: {backup: restore_point, restore_command: [restore.sh]}
                  - name: c
                    url: "postgres://h/c"
                    snapshots: {backup: restore_point, restore_command: [restore.sh]}
                """, "f", NO_ENV))
                .hasMessageContaining("targets[0].snapshots.restore_command: restores restore_point and command backups,"
                        + " expected backup: restore_point or command, found backup: clone")
                .hasMessageContaining("targets[2].snapshots.restore_command: restores the whole server h:5432, where"
                        + " Warden's state database is by default (the restore would rewind Warden's journal with it):"
                        + " expected state.url on another server")
                .message().doesNotContain("targets[1].snapshots.restore_command");
    }

    @Test
    void shouldRefuseToKeepStateInsideATarget() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                state: {url: "postgres://h/orders"}
                targets: [{name: orders, url: "postgres://h/orders"}]
                """, "f", NO_ENV))
                .hasMessageContaining("state.url: expected a database of Warden's own, found target \"orders\"'s database");
    }

    @Test
    void shouldReadADecisionMatrixWithPerSeverityDefaults() {
        WardenConfig config = ConfigLoader.parse("""
                targets: [{name: a, url: "postgres://h/a", snapshots: {backup: clone}}]
                decision_matrix_defaults: false
                decision_matrix:
                  - {issue: data_corruption, severity: critical, strategy: full_rollback, time_budget: 15m}
                  - {issue: schema_mismatch, severity: high, strategy: branch_swap, time_budget: 10m, mode: approve}
                """, "f", NO_ENV);

        assertThat(config.decisionMatrix()).extracting(DecisionRule::breachesInARow).containsExactly(1, 3);
        assertThat(config.decisionMatrix().get(1).mode()).isEqualTo(DecisionMode.APPROVE);
    }

    @Test
    void shouldPointAtTheLineOfBrokenYaml() {
        assertThatThrownBy(() -> ConfigLoader.parse("targets:\n  - name: [unclosed\n", "f", NO_ENV))
                .hasMessageContaining("line 3").hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> ConfigLoader.parse("server: {port: 1}\nserver: {port: 2}\n", "f", NO_ENV))
                .hasMessageContaining("\n  server: expected each key once in a mapping, found it again\n");
    }

    @Test
    void shouldSayWhenTheFileIsMissing() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("no-such-warden.yaml"), NO_ENV))
                .hasMessage("no-such-warden.yaml: 1 problem\n  file not found");
    }

    @Test
    void shouldTakeTheDataDirectoryFromWardenHome() {
        WardenConfig config = ConfigLoader.parse("targets: [{name: a, url: 'postgres://h/a'}]", "f",
                Map.of("WARDEN_HOME", "/srv/warden"));
        assertThat(config.server().dataDir()).isEqualTo(Path.of("/srv/warden"));
        assertThat(List.of(config.server().shutdownTimeout())).containsExactly(Duration.ofSeconds(10));
    }
}
