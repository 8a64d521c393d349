package dev.warden.rollback.backup;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Names that say what a backup is: {@code orders__warden_20261122T031500Z}, the source database,
 * {@code __warden_} and the UTC time it was requested. A clone's database gets this name and a
 * dump's file {@code <name>.dump}.
 */
public final class BackupNames {
    /** PostgreSQL truncates identifiers longer than this (NAMEDATALEN - 1). */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    /** The qualifier of a backup taken before a rollback changes data in place, apart from a snapshot's of that second. */
    public static final String PRE_ROLLBACK = "pre_rollback";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private BackupNames() {
    }

    /** The backup name; the source part is cut so that the whole fits in 63 bytes of UTF-8. */
    public static String name(String database, Instant requestedAt) {
        return name(database, requestedAt, "");
    }

    /**
     * The backup name with a qualifier after the stamp ({@code orders__warden_20261122T031500Z_pre_rollback}),
     * for a backup that may be asked for in the same second as another of the same database; none when empty.
     */
    public static String name(String database, Instant requestedAt, String qualifier) {
        return withSuffix(database, "__warden_" + stamp(requestedAt) + (qualifier.isEmpty() ? "" : "_" + qualifier));
    }

    /** {@code base + suffix}, with {@code base} cut so that the whole fits in 63 bytes of UTF-8. */
    public static String withSuffix(String base, String suffix) {
        int room = MAX_IDENTIFIER_BYTES - suffix.getBytes(StandardCharsets.UTF_8).length;
        return truncateUtf8(base, room) + suffix;
    }

    /** The UTC second of {@code at} as {@code 20261122T031500Z}. */
    public static String stamp(Instant at) {
        return STAMP.format(at);
    }

    /** The longest prefix of {@code s} that fits in {@code maxBytes}, never splitting a character. */
    static String truncateUtf8(String s, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int codePoint = s.codePointAt(end);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return s.substring(0, end);
    }
}
