package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.config.schema.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 9: every URI parameter PostgresUri accepts is applied, or refused with a message. */
class PostgresUriTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void shouldKeepSslmode() {
        assertThat(PostgresUri.parse("postgres://app:pw@db/orders?sslmode=verify-full", NO_ENV).parameters())
                .containsEntry("sslmode", "verify-full");
        assertThat(PostgresUri.parse("postgres://app:pw@db/orders", Map.of("PGSSLMODE", "require")).parameters())
                .containsEntry("sslmode", "require");
    }

    @Test
    void shouldLetTheUrisConnectTimeoutStandInForTheSessions() {
        TargetConfig target = target("postgres://app:pw@db/orders?connect_timeout=3", "");

        assertThat(target.connection().connectTimeout()).contains(Duration.ofSeconds(3));
        assertThat(target.session().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(target("postgres://app:pw@db/orders?connect_timeout=10", "connection: {connect_timeout: 10s}")
                .session().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(target("postgres://app:pw@db/orders", "").connection().connectTimeout()).isEmpty();
    }

    @Test
    void shouldRefuseAConnectTimeoutThatDisagreesOrWaitsForEver() {
        assertThat(problems("postgres://app:pw@db/orders?connect_timeout=3", "connection: {connect_timeout: 10s}"))
                .containsExactly("targets[0].url: expected connect_timeout equal to"
                        + " targets[0].connection.connect_timeout (10s) or only one of them, found 3 (seconds)");
        for (String bad : List.of("0", "-1", "2.5", "5s", "", "1000000")) {
            assertThat(problems("postgres://app:pw@db/orders?connect_timeout=" + bad, ""))
                    .containsExactly("targets[0].url: expected connect_timeout in whole seconds from 1 to 999999"
                            + " (Warden never waits for ever), found \"" + bad + "\"");
        }
    }

    @Test
    void shouldAcceptOnlyWardensOwnApplicationName() {
        assertThat(target("postgres://app:pw@db/orders?application_name=warden", "").connection().parameters())
                .containsEntry("application_name", "warden");
        assertThat(problems("postgres://app:pw@db/orders?application_name=orders-api", ""))
                .containsExactly("targets[0].url: expected application_name \"warden\" or none (Warden's lock and"
                        + " migration checks tell its own sessions by that name), found \"orders-api\"");
    }

    @Test
    void shouldReadTheSettingsOfOptionsAsTheServerDoes() {
        ConnectionSpec spec = PostgresUri.parse("postgres://app:pw@db/orders?options="
                + "-c%20statement_timeout%3D3000%20-csearch_path%3Dapp,public%20--work-mem%3D8MB"
                + "%20-c%20Application.Tag%3Da%5C%20b%20-c%20search_path%3Dapp", NO_ENV);

        assertThat(spec.settings()).containsExactly(Map.entry("statement_timeout", "3000"),
                Map.entry("work_mem", "8MB"), Map.entry("application.tag", "a b"), Map.entry("search_path", "app"));
        assertThat(PostgresUri.parse("postgres://db/orders?options=", NO_ENV).settings()).isEmpty();
    }

    @Test
    void shouldReadTimeSettingsInTheServersUnits() {
        assertThat(PostgresOptions.timeout("statement_timeout", "3000")).isEqualTo(Duration.ofSeconds(3));
        assertThat(PostgresOptions.timeout("statement_timeout", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(PostgresOptions.timeout("lock_timeout", "2min")).isEqualTo(Duration.ofMinutes(2));
        assertThat(PostgresOptions.timeout("lock_timeout", "250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(PostgresOptions.millis(Duration.ofNanos(250_000))).isEqualTo(1);
        assertThat(PostgresOptions.capped("lock_timeout", "200", Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(200));
        assertThat(PostgresOptions.capped("lock_timeout", "10s", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(PostgresOptions.capped("lock_timeout", "0", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(PostgresOptions.capped("lock_timeout", null, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldLetOptionsLowerButNeverRaiseWardensTimeouts() {
        String uri = "postgres://app:pw@db/orders?options=-c%20statement_timeout%3D";
        assertThat(target(uri + "2s%20-c%20lock_timeout%3D100", "").connection().settings())
                .containsExactly(Map.entry("statement_timeout", "2s"), Map.entry("lock_timeout", "100"));

        assertThat(problems(uri + "30s", "")).containsExactly("targets[0].url: expected options statement_timeout"
                + " at most targets[0].connection.statement_timeout (5s), found \"30s\"");
        assertThat(problems(uri + "0", "")).containsExactly("targets[0].url: expected options statement_timeout"
                + " at most targets[0].connection.statement_timeout (5s), found \"0\" (no timeout)");
        assertThat(problems(uri + "2s%20-c%20lock_timeout%3D2000", "connection: {lock_timeout: 1500ms}"))
                .containsExactly("targets[0].url: expected options lock_timeout at most"
                        + " targets[0].connection.lock_timeout (1500ms), found \"2000\"");
        assertThat(problems(uri + "soon", "")).containsExactly("targets[0].url: expected options statement_timeout"
                + " as milliseconds or a number with a unit (us, ms, s, min, h, d), found \"soon\"");
    }

    @Test
    void shouldRefuseOptionsThatAreNotSettingsOrAreWardens() {
        String uri = "postgres://app:pw@db/orders?options=";
        assertThat(problems(uri + "-B%20100", "")).containsExactly("targets[0].url: expected options as"
                + " -c name=value or --name=value settings, found \"-B\"");
        assertThat(problems(uri + "-c%20statement_timeout", "")).containsExactly("targets[0].url: expected"
                + " options as -c name=value or --name=value settings, found \"-c statement_timeout\"");
        assertThat(problems(uri + "-c", "")).containsExactly("targets[0].url: expected options as"
                + " -c name=value or --name=value settings, found \"-c\" without a setting");
        assertThat(problems(uri + "--bad%3Bname%3D1", "")).containsExactly("targets[0].url: expected options as"
                + " -c name=value or --name=value settings, found \"--bad;name=1\"");
        assertThat(problems(uri + "-c%20application_name%3Dorders-api", "")).containsExactly("targets[0].url:"
                + " expected options to leave application_name to Warden, which sets it on every session, found"
                + " \"application_name=orders-api\"");
        assertThat(problems(uri + "-c%20DateStyle%3DSQL", "")).containsExactly("targets[0].url: expected options"
                + " to leave datestyle to Warden, which sets it on every session, found \"datestyle=SQL\"");
    }

    @Test
    void shouldAcceptOnlyAnyAsTargetSessionAttrs() {
        assertThat(target("postgres://app:pw@db/orders?target_session_attrs=any", "").connection().parameters())
                .containsEntry("target_session_attrs", "any");
        for (String attrs : List.of("read-write", "primary", "read-only", "standby", "prefer-standby")) {
            assertThat(problems("postgres://app:pw@db/orders?target_session_attrs=" + attrs, ""))
                    .containsExactly("targets[0].url: expected target_session_attrs \"any\" or none (Warden connects"
                            + " to one host, which must be a writable primary, and does not check session"
                            + " attributes), found \"" + attrs + "\"");
        }
    }

    @Test
    void shouldNeverShowThePasswordWhenRefusingAParameter() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                targets: [{name: orders, url: "postgres://app:hunter2@db/orders?application_name=x&connect_timeout=0"}]
                state: {url: "postgres://app:hunter2@db/warden?options=-x"}
                """, "warden.yaml", NO_ENV))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2")
                        .contains("state.url: expected options as -c name=value or --name=value settings,"
                                + " found \"-x\""));
    }

    private static TargetConfig target(String uri, String extra) {
        return ConfigLoader.parse(yaml(uri, extra), "warden.yaml", NO_ENV).targets().get(0);
    }

    private static List<String> problems(String uri, String extra) {
        try {
            ConfigLoader.parse(yaml(uri, extra), "warden.yaml", NO_ENV);
        } catch (ConfigException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected problems with " + uri);
    }

    private static String yaml(String uri, String extra) {
        return "targets:\n  - name: orders\n    url: \"" + uri + "\"\n" + (extra.isEmpty() ? "" : "    " + extra + "\n");
    }
}
