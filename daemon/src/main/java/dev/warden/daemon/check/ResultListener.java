package dev.warden.daemon.check;

import dev.warden.checks.CheckResult;
import java.time.Duration;

/** Where a target's check results go: the {@link Judge} in the daemon, nowhere for a one-off run. */
public interface ResultListener {
    ResultListener NONE = (target, result, took) -> { };

    void accept(String target, CheckResult result, Duration took);
}
