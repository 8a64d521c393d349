package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How the feature_flag strategy turns a flag off on this target: exactly one of sql, unleash, http. */
public record FeatureFlagConfig(Optional<Sql> sql, Optional<Unleash> unleash, Optional<Http> http) {

    public record Sql(String table, String keyColumn, String valueColumn, String key, String offValue, Duration lockTimeout) {
        static final Key<String> TABLE = Key.required("table", Types.string(), "The flags table (schema.table).");
        static final Key<String> KEY_COLUMN = Key.of("key_column", Types.string(), "key", "Column holding the flag's name.");
        static final Key<String> VALUE_COLUMN = Key.of("value_column", Types.string(), "enabled",
                "Column holding the flag's value.");
        static final Key<String> KEY = Key.required("key", Types.string(), "The flag's name in key_column.");
        static final Key<String> OFF_VALUE = Key.of("off_value", Types.string(), "false",
                "The value that turns it off (cast to the column's type).");
        static final Key<Duration> LOCK_TIMEOUT = Key.of("lock_timeout", Types.timeout(Duration.ofMillis(10)),
                Duration.ofSeconds(2), "lock_timeout of the UPDATE.");
        static final Section SECTION = Section.of("sql", "An UPDATE on a flags table in the target.",
                List.of(TABLE, KEY_COLUMN, VALUE_COLUMN, KEY, OFF_VALUE, LOCK_TIMEOUT), List.of());

        static Sql read(Node n) {
            return new Sql(n.get(TABLE), n.get(KEY_COLUMN), n.get(VALUE_COLUMN), n.get(KEY), n.get(OFF_VALUE), n.get(LOCK_TIMEOUT));
        }
    }

    public record Unleash(URI url, Secret token, String project, String feature, String environment, Duration timeout) {
        static final Key<URI> URL = Key.required("url", Types.endpointUrl(), "Unleash's base URL.");
        static final Key<Secret> TOKEN = Key.required("token", Types.token(), "An Unleash admin API token (use ${VAR}).");
        static final Key<String> PROJECT = Key.of("project", Types.string(), "default", "The Unleash project.");
        static final Key<String> FEATURE = Key.required("feature", Types.string(), "The feature toggle to turn off.");
        static final Key<String> ENVIRONMENT = Key.required("environment", Types.string(), "The Unleash environment.");
        static final Key<Duration> TIMEOUT = Key.of("timeout", Types.timeout(Duration.ofMillis(100)), Duration.ofSeconds(10),
                "How long the call may take.");
        static final Section SECTION = Section.of("unleash", "The Unleash admin API.",
                List.of(URL, TOKEN, PROJECT, FEATURE, ENVIRONMENT, TIMEOUT), List.of());

        static Unleash read(Node n) {
            return new Unleash(n.get(URL), n.get(TOKEN), n.get(PROJECT), n.get(FEATURE), n.get(ENVIRONMENT), n.get(TIMEOUT));
        }
    }

    public record Http(String feature, HttpCallConfig call) {
        static final Key<String> FEATURE = Key.required("feature", Types.string(), "The flag's name, for {{feature}}.");
        static final Section SECTION = Section.of("http", "Any HTTP call that turns the flag off.",
                java.util.stream.Stream.concat(java.util.stream.Stream.of(FEATURE), HttpCallConfig.keys().stream()).toList(),
                List.of());

        static Http read(Node n) {
            return new Http(n.get(FEATURE), HttpCallConfig.read(n));
        }
    }

    static final Section SECTION = Section.of("feature_flag", "The feature_flag strategy on this target.",
            List.of(), List.of(Sql.SECTION, Unleash.SECTION, Http.SECTION));

    public boolean configured() {
        return sql.isPresent() || unleash.isPresent() || http.isPresent();
    }

    static FeatureFlagConfig read(Node node) {
        FeatureFlagConfig config = new FeatureFlagConfig(
                node.present(Sql.SECTION) ? Optional.of(Sql.read(node.section(Sql.SECTION))) : Optional.empty(),
                node.present(Unleash.SECTION) ? Optional.of(Unleash.read(node.section(Unleash.SECTION))) : Optional.empty(),
                node.present(Http.SECTION) ? Optional.of(Http.read(node.section(Http.SECTION))) : Optional.empty());
        long given = java.util.stream.Stream.of(config.sql, config.unleash, config.http).filter(Optional::isPresent).count();
        if (given > 1) {
            node.problem("", "expected exactly one of sql, unleash, http, found " + given);
        }
        return config;
    }
}
