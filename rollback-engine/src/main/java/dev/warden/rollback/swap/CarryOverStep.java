package dev.warden.rollback.swap;

import dev.warden.rollback.backup.SqlText;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Gives the restored database what a copy does not carry and clients rely on: the target's owner,
 * its database privileges (CONNECT, CREATE, TEMPORARY, exactly, PUBLIC included) and its connection
 * limit. Its {@code ALTER DATABASE ... SET} settings are listed in the evidence, not copied: their
 * stored text does not always survive being set again (list settings such as search_path); the
 * ones the rollback itself manages on the restore (full_rollback's read-only default) are left
 * out of that list. Every statement is idempotent, so running it again after a restart is safe.
 */
public final class CarryOverStep implements Step {
    private static final String PROPERTIES = "SELECT pg_get_userbyid(datdba), datacl IS NULL, datconnlimit"
            + " FROM pg_database WHERE datname = $1";
    private static final String GRANTS = "SELECT CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END,"
            + " a.privilege_type, a.is_grantable FROM pg_database d, aclexplode(d.datacl) a"
            + " WHERE d.datname = $1 AND a.grantee <> d.datdba";
    private static final String SETTINGS = "SELECT coalesce(pg_get_userbyid(nullif(s.setrole, 0)), '(all roles)'), cfg"
            + " FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase, unnest(s.setconfig) cfg"
            + " WHERE d.datname = $1";

    private final SwapNames names;
    private final Set<String> managedSettings;

    /** @param managedSettings database-wide settings the rollback itself sets on the restore: not listed as missing */
    public CarryOverStep(SwapNames names, Set<String> managedSettings) {
        this.names = names;
        this.managedSettings = Set.copyOf(managedSettings);
    }

    @Override
    public String name() {
        return "carry_over_owner_and_privileges";
    }

    @Override
    public boolean destructive() {
        return true;
    }

    @Override
    public Future<Boolean> done(StepContext ctx) {
        // Once the restore is under the target's name there is nothing left to carry over from.
        return ctx.onMaintenance(c -> Catalog.exists(c, names.restored()).map(restored -> !restored));
    }

    @Override
    public Future<Void> run(StepContext ctx) {
        return ctx.onMaintenance(c -> c.preparedQuery(PROPERTIES).execute(Tuple.of(names.target()))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(new IllegalStateException("no database is named " + names.target()));
                    }
                    Row row = rows.iterator().next();
                    return statements(c, row).compose(sql -> runAll(c, sql));
                })
                .compose(v -> settings(c, ctx)));
    }

    private Future<List<String>> statements(SqlConnection c, Row target) {
        String restored = SqlText.identifier(names.restored());
        List<String> sql = new ArrayList<>();
        sql.add("ALTER DATABASE " + restored + " OWNER TO " + SqlText.identifier(target.getString(0)));
        sql.add("ALTER DATABASE " + restored + " CONNECTION LIMIT " + target.getInteger(2));
        if (target.getBoolean(1)) {
            return Future.succeededFuture(sql);
        }
        sql.add("REVOKE ALL ON DATABASE " + restored + " FROM PUBLIC");
        return c.preparedQuery(GRANTS).execute(Tuple.of(names.target())).map(grants -> {
            for (Row grant : grants) {
                String grantee = grant.getString(0) == null ? "PUBLIC" : SqlText.identifier(grant.getString(0));
                sql.add("GRANT " + grant.getString(1) + " ON DATABASE " + restored + " TO " + grantee
                        + (grant.getBoolean(2) ? " WITH GRANT OPTION" : ""));
            }
            return sql;
        });
    }

    private static Future<Void> runAll(SqlConnection c, List<String> statements) {
        Future<Void> chain = Future.succeededFuture();
        for (String sql : statements) {
            chain = chain.compose(v -> c.query(sql).execute().mapEmpty());
        }
        return chain;
    }

    private Future<Void> settings(SqlConnection c, StepContext ctx) {
        return c.preparedQuery(SETTINGS).execute(Tuple.of(names.target())).map(rows -> {
            rows.forEach(row -> {
                String setting = row.getString(1);
                boolean managed = row.getString(0).equals("(all roles)")
                        && managedSettings.stream().anyMatch(name -> setting.startsWith(name + "="));
                if (!managed) {
                    ctx.note("not carried over, set it again by hand if still wanted: " + setting + " for "
                            + row.getString(0));
                }
            });
            return null;
        });
    }
}
