package dev.warden.rollback.backup;

import java.util.List;

/**
 * The outcome of checking a backup.
 *
 * @param ok       whether the backup is known to be restorable and complete
 * @param summary  one line for logs and reports
 * @param evidence what was compared, one line per fact ("public.orders: source 3, clone 3")
 */
public record Verification(boolean ok, String summary, List<String> evidence) {

    public Verification {
        evidence = List.copyOf(evidence);
    }

    public static Verification passed(String summary, List<String> evidence) {
        return new Verification(true, summary, evidence);
    }

    public static Verification failed(String summary, List<String> evidence) {
        return new Verification(false, summary, evidence);
    }
}
