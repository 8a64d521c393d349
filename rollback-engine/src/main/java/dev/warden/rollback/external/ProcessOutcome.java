package dev.warden.rollback.external;

import dev.warden.config.Redaction;
import java.time.Duration;
import java.util.List;

/**
 * How an external process ended.
 *
 * @param exitCode   its exit code (-1 when it timed out)
 * @param timedOut   whether it was killed for running too long
 * @param stdoutTail its last lines of standard output
 * @param stderrTail its last lines of standard error
 */
public record ProcessOutcome(int exitCode, boolean timedOut, List<String> stdoutTail, List<String> stderrTail) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** How it ended: {@code exit 1}, or {@code killed after PT1H} when it ran past {@code timeout}. */
    public String ending(Duration timeout) {
        return timedOut ? "killed after " + timeout : "exit " + exitCode;
    }

    /** The stderr tail as one text, without {@code password}. */
    public String stderrText(String password) {
        return Redaction.mask(String.join("\n", stderrTail), password);
    }

    /**
     * What went wrong, from stderr: from the first line that says {@code error:} on (skipping the
     * chatter of a {@code --verbose} run), else the last few lines; without {@code password}.
     */
    public String stderrError(String password) {
        int first = 0;
        while (first < stderrTail.size() && !stderrTail.get(first).contains("error:")) {
            first++;
        }
        int from = first < stderrTail.size() ? first : Math.max(0, stderrTail.size() - 5);
        return Redaction.mask(String.join("\n", stderrTail.subList(from, stderrTail.size())), password);
    }
}
