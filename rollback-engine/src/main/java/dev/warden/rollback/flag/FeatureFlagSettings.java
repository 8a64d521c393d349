package dev.warden.rollback.flag;

/**
 * How feature_flag turns a target's flag off: exactly one of {@code sql} (a row in a flags table of
 * the target), {@code unleash} (Unleash's admin API) or {@code http} (any flag service). YAML:
 * {@code targets[].rollback.feature_flag.sql|unleash|http}.
 */
public record FeatureFlagSettings(SqlFlagSettings sql, UnleashSettings unleash, HttpFlagSettings http) {

    public FeatureFlagSettings {
        int set = (sql == null ? 0 : 1) + (unleash == null ? 0 : 1) + (http == null ? 0 : 1);
        if (set != 1) {
            throw new IllegalArgumentException("feature_flag: expected exactly one of sql, unleash, http; found " + set);
        }
    }

    public static FeatureFlagSettings of(SqlFlagSettings sql) {
        return new FeatureFlagSettings(sql, null, null);
    }

    public static FeatureFlagSettings of(UnleashSettings unleash) {
        return new FeatureFlagSettings(null, unleash, null);
    }

    public static FeatureFlagSettings of(HttpFlagSettings http) {
        return new FeatureFlagSettings(null, null, http);
    }

    /** The flag's name, for plans and notes. */
    public String flag() {
        return sql != null ? sql.key() : unleash != null ? unleash.feature() : http.feature();
    }
}
