package dev.warden.daemon.check;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which checks could not tell, and why, as last said in the log. A check that stays inconclusive for the
 * same reason (schema_drift with no snapshot yet, a target that stays away) is worth one WARN line, not
 * one every cycle (issue 14: 1,200 identical lines in 2 minutes at 100 targets); its alert keeps firing
 * all the while. A new reason, or telling again, is news.
 */
final class CouldNotTell {
    private final Map<String, String> said = new ConcurrentHashMap<>();

    /** Records that {@code check} on {@code target} could not tell; true when this reason was not the last said. */
    boolean news(String target, String check, String reason) {
        return !reason.equals(said.put(key(target, check), reason));
    }

    /** Records that {@code check} on {@code target} told again; the reason it could not before, or null. */
    String cleared(String target, String check) {
        return said.remove(key(target, check));
    }

    private static String key(String target, String check) {
        return target + "/" + check;
    }
}
