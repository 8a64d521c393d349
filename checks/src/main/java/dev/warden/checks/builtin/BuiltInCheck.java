package dev.warden.checks.builtin;

import dev.warden.checks.Check;

/**
 * What every built-in check shares: its fixed name. How often it runs and how long a run may take
 * are not the check's: they are its schedule in the configuration (see {@link BuiltInChecks}).
 */
abstract class BuiltInCheck implements Check {
    private final String name;

    BuiltInCheck(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }
}
