package dev.warden.checks.builtin;

import dev.warden.config.ChecksConfig;
import dev.warden.config.ConfigLoader;
import dev.warden.config.TargetConfig;
import java.util.Map;

/** Targets' configurations read through the real loader, so that every default comes from the key declaring it. */
public final class TargetConfigs {
    /** The built-in checks' settings of a target whose configuration says nothing about them. */
    public static final ChecksConfig DEFAULT_CHECKS = target("{name: t, url: 'postgres://h/t'}").checks();

    private TargetConfigs() {
    }

    /** One target, written as the YAML of one item of {@code targets}. */
    static TargetConfig target(String yaml) {
        String indented = ("- " + yaml.strip()).replace("\n", "\n    ");
        return ConfigLoader.parse("targets:\n  " + indented + "\n", "test", Map.of()).targets().get(0);
    }
}
