package dev.warden.bench;

import dev.warden.testing.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The database time each role spent, from pg_stat_statements: reset before a measured batch, then
 * summed per role. Execution and planning are kept apart ({@code track_planning} is on); the time a
 * backend spends parsing or waiting for the client between statements is in neither. Read as the
 * superuser, whose own statements are left out by role.
 */
final class StatStatements {
    private static final String SUMS = """
            SELECT r.rolname, sum(s.calls)::bigint, sum(s.total_exec_time), sum(s.total_plan_time)
            FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
            WHERE r.rolname = ANY (?) GROUP BY r.rolname""";
    private static final String TOP = """
            SELECT s.calls, s.total_exec_time, s.total_plan_time, s.rows, regexp_replace(s.query, '\\s+', ' ', 'g')
            FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
            WHERE r.rolname = ? ORDER BY s.total_exec_time + s.total_plan_time DESC LIMIT ?""";
    private static final String MAIN_SELECT = ") SELECT ";

    /** What one role cost: statements, execution and planning milliseconds. */
    record RoleTime(long calls, double execMillis, double planMillis) {
        static final RoleTime NONE = new RoleTime(0, 0, 0);
    }

    /** One normalised statement of a role, with its totals. */
    record Statement(long calls, double execMillis, double planMillis, long rows, String query) {
        @Override
        public String toString() {
            return "%6d calls %9.1f ms exec %7.1f ms plan %8d rows  %s".formatted(calls, execMillis, planMillis, rows, query);
        }
    }

    private final Sql superuser;

    StatStatements(Sql superuser) {
        this.superuser = superuser;
    }

    void reset() {
        superuser.execute("SELECT pg_stat_statements_reset()");
    }

    /** Totals per role since the last reset; a role that ran nothing has {@link RoleTime#NONE}. */
    Map<String, RoleTime> byRole(List<String> roles) throws SQLException {
        Map<String, RoleTime> times = new LinkedHashMap<>();
        roles.forEach(role -> times.put(role, RoleTime.NONE));
        try (Connection c = superuser.connect(); PreparedStatement s = c.prepareStatement(SUMS)) {
            s.setArray(1, c.createArrayOf("text", roles.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    times.put(rs.getString(1), new RoleTime(rs.getLong(2), rs.getDouble(3), rs.getDouble(4)));
                }
            }
        }
        return times;
    }

    /** A role's most expensive statements since the last reset, query text shortened to {@code width}. */
    List<Statement> top(String role, int limit, int width) throws SQLException {
        List<Statement> top = new ArrayList<>();
        try (Connection c = superuser.connect(); PreparedStatement s = c.prepareStatement(TOP)) {
            s.setString(1, role);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    top.add(new Statement(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4),
                            shorten(rs.getString(5), width)));
                }
            }
        }
        return top;
    }

    /**
     * Warden's catalog queries share a long WITH prefix (and their literals are normalised away), so
     * a query with one is shown from its main SELECT on, which tells them apart.
     */
    static String shorten(String query, int width) {
        int main = query.startsWith("WITH ") ? query.indexOf(MAIN_SELECT) : -1;
        String shown = main < 0 ? query : "(WITH …) " + query.substring(main + 2);
        return shown.length() <= width ? shown : shown.substring(0, width) + " …";
    }
}
