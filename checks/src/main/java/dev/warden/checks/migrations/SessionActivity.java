package dev.warden.checks.migrations;

import dev.warden.checks.activity.DatabaseActivity;
import dev.warden.checks.activity.ServerActivity.Backend;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The other sessions of the database that hold an advisory lock or whose statement looks like DDL, with
 * the locks they hold or await on the tools' tables, from a reading of the server's activity. Warden's
 * own sessions (the reading one, and any with Warden's application_name) are left out. Statement texts
 * are cut to 200 characters and password literals are masked.
 */
final class SessionActivity {
    static final int MAX_SESSIONS = 200;
    static final int PREVIEW_CHARS = 200;

    /**
     * One other session. {@code advisoryKeys} are its granted bigint-keyed advisory locks (two-int4 keys
     * are counted by {@code holdsAdvisoryLock} only); {@code relations} the tool tables it locks or awaits.
     */
    record Session(int pid, String state, Instant startedAt, String query, boolean waiting, List<Long> advisoryKeys,
                   Set<Long> relations, boolean holdsAdvisoryLock) {
    }

    private SessionActivity() {
    }

    static List<Session> of(DatabaseActivity activity, Collection<Long> toolTableOids, String ownApplicationName) {
        return activity.backends().stream()
                .filter(Backend::candidate)
                .filter(b -> "client backend".equals(b.backendType()))
                .filter(b -> !ownApplicationName.equals(b.applicationName()))
                .sorted(Comparator.comparingInt(Backend::pid))
                .limit(MAX_SESSIONS)
                .map(b -> toSession(b, toolTableOids))
                .toList();
    }

    private static Session toSession(Backend b, Collection<Long> toolTableOids) {
        Instant startedAt = Stream.of(b.xactStartMicros(), b.queryStartMicros()).filter(Objects::nonNull)
                .min(Long::compare).map(DatabaseActivity::instant).orElse(null);
        return new Session(b.pid(), b.state(), startedAt, StatementPreview.redact(b.query()), b.waitingOnLock(),
                b.advisoryKeys(), Set.copyOf(b.relations().stream().filter(toolTableOids::contains).toList()),
                b.holdsAdvisoryLock());
    }
}
