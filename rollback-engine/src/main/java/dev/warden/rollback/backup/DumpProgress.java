package dev.warden.rollback.backup;

import java.time.Duration;

/**
 * How far a running dump is.
 *
 * @param backupName   the dump's name
 * @param tablesDumped tables whose data {@code pg_dump --verbose} said it has dumped so far
 * @param bytesWritten size of the partial file so far
 * @param elapsed      time since the dump started
 */
public record DumpProgress(String backupName, int tablesDumped, long bytesWritten, Duration elapsed) {
}
