package dev.warden.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Blocking SQL for arranging and asserting test state. Tests may block; production code goes
 * through the Vert.x client. Each call opens its own short connection so that no session lingers
 * and tests that count sessions see only their own.
 */
public final class Sql {
    private final PgAddress address;

    public Sql(PgAddress address) {
        this.address = address;
    }

    public PgAddress address() {
        return address;
    }

    /** Runs one or more statements (a script separated by semicolons is fine). */
    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(address + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row as a long; fails when there is no row. */
    public long queryLong(String sql) {
        List<String> values = queryColumn(sql);
        if (values.isEmpty()) {
            throw new IllegalStateException("no row from: " + sql);
        }
        return Long.parseLong(values.get(0));
    }

    /** The first column of every row, as text (null stays null). */
    public List<String> queryColumn(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(address + ": " + e.getMessage(), e);
        }
    }

    /** An open connection that the caller closes, for holding locks or sessions open. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(address.jdbcUrl(), address.user(), address.password());
    }
}
