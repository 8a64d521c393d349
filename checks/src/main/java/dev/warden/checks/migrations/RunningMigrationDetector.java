package dev.warden.checks.migrations;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns other sessions into evidence of running migrations, and attributes each to a tool.
 *
 * <p>An advisory lock whose key a tool derives exactly (see {@link AdvisoryLockKeys}) is that tool's.
 * Any other advisory lock may be an application's (job queues use them), so it counts only when it can
 * be attributed by this heuristic: a tool's table exists in the database, and the locking session
 * locks or awaits that table or its statement names it, or the session is the only advisory lock holder
 * and that tool is the only one found. A lock that cannot be attributed is not reported.
 *
 * <p>A session whose statement is DDL (running, or the last one of a transaction still open) is
 * reported as DDL activity, attributed to a tool only through the same table test.
 */
final class RunningMigrationDetector {
    /** A tool's table: which tool, and how a statement names it. */
    record ToolTable(String tool, String schema, String name) {
        /** Generic names (pgroll's migrations, Sqitch's events) count only when schema-qualified. */
        Pattern mention() {
            boolean distinctive = name.contains("_") || !name.equals(name.toLowerCase(Locale.ROOT));
            String qualifier = distinctive ? "" : "\"?" + Pattern.quote(schema) + "\"?\\s*\\.\\s*";
            return Pattern.compile("(?<![\\w$])" + qualifier + "\"?" + Pattern.quote(name) + "\"?(?![\\w$])",
                    Pattern.CASE_INSENSITIVE);
        }
    }

    private final Map<Long, String> knownKeys;
    private final Map<Long, ToolTable> tablesByOid;

    RunningMigrationDetector(Map<Long, String> knownKeys, Map<Long, ToolTable> tablesByOid) {
        this.knownKeys = Map.copyOf(knownKeys);
        this.tablesByOid = Map.copyOf(tablesByOid);
    }

    List<RunningMigration> detect(Collection<SessionActivity.Session> sessions) {
        long advisoryHolders = sessions.stream().filter(SessionActivity.Session::holdsAdvisoryLock).count();
        List<String> tools = tablesByOid.values().stream().map(ToolTable::tool).distinct().toList();
        List<RunningMigration> running = new ArrayList<>();
        for (SessionActivity.Session session : sessions) {
            String tool = null;
            RunningMigration.Source source = null;
            String known = session.advisoryKeys().stream().map(knownKeys::get).filter(t -> t != null).findFirst()
                    .orElse(null);
            if (known != null) {
                tool = known;
                source = RunningMigration.Source.ADVISORY_LOCK;
            } else if (session.holdsAdvisoryLock()) {
                tool = toolTouchedBy(session);
                if (tool == null && advisoryHolders == 1 && tools.size() == 1) {
                    tool = tools.get(0);
                }
                source = tool == null ? null : RunningMigration.Source.ADVISORY_LOCK;
            }
            if (source == null && !"idle".equals(session.state()) && DdlStatements.isDdl(session.query())) {
                tool = toolTouchedBy(session);
                source = RunningMigration.Source.DDL_ACTIVITY;
            }
            if (source != null) {
                running.add(new RunningMigration(tool, session.pid(), session.startedAt(), session.query(),
                        session.waiting(), source));
            }
        }
        return running;
    }

    private String toolTouchedBy(SessionActivity.Session session) {
        for (Long oid : session.relations()) {
            ToolTable table = tablesByOid.get(oid);
            if (table != null) {
                return table.tool();
            }
        }
        if (session.query() != null) {
            for (ToolTable table : tablesByOid.values()) {
                if (table.mention().matcher(session.query()).find()) {
                    return table.tool();
                }
            }
        }
        return null;
    }
}
