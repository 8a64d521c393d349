package dev.warden.rollback.backup;

import dev.warden.postgres.Connections;
import dev.warden.rollback.external.ProcessOutcome;
import dev.warden.rollback.external.ProcessRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
/**
 * Which tables a backup holds, as {@code schema.table}: what a restore brings back, and so what it
 * would set aside. Read from the catalog only, so no table lock is ever taken or awaited.
 */
public final class BackupTables {
    private static final String USER_TABLES = "SELECT n.nspname, c.relname FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
            + " AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'";
    /** TOC entries of tables: {@code 215; 1259 16385 TABLE public orders owner} (1259 is pg_class). */
    private static final String TABLE_ENTRY = "1259";

    private BackupTables() {
    }

    /** The ordinary and partitioned tables outside the system schemas of the database {@code client} is on. */
    public static Future<Set<String>> userTables(SqlClient client) {
        return client.query(USER_TABLES).execute().map(rows -> {
            Set<String> tables = new TreeSet<>();
            for (Row row : rows) {
                tables.add(row.getString(0) + "." + row.getString(1));
            }
            return tables;
        });
    }

    /**
     * The tables in {@code backup}: a clone's from its catalog (through {@code server}, any database's
     * options on the same server), a dump's from {@code pg_restore --list}, a restore point's from
     * the list taken with it. Empty when the kind cannot be listed (a command's backup).
     */
    public static Future<Optional<Set<String>>> of(Vertx vertx, Backup backup, PgConnectOptions server,
                                                   String pgRestore) {
        switch (backup.kind()) {
            case "clone" -> {
                PgConnectOptions clone = new PgConnectOptions(server).setDatabase(backup.location());
                return Connections.connect(vertx, clone)
                        .compose(connection -> userTables(connection).eventually(connection::close))
                        .map(Optional::of);
            }
            case "dump" -> {
                return BackupWorkers.of(vertx).executeBlocking(() -> Optional.of(listDump(backup, pgRestore)), false);
            }
            case RestorePointBackup.KIND -> {
                String listed = backup.details().get(RestorePointBackup.TABLES);
                return Future.succeededFuture(listed == null ? Optional.empty() : Optional.of(new TreeSet<>(
                        new JsonArray(listed).stream().map(String::valueOf).toList())));
            }
            default -> {
                return Future.succeededFuture(Optional.empty());
            }
        }
    }

    /** Blocking: runs on a worker thread. */
    private static Set<String> listDump(Backup backup, String pgRestore) throws IOException {
        Set<String> tables = new TreeSet<>();
        ProcessOutcome listed = ProcessRunner.run(List.of(pgRestore, "--list", Path.of(backup.location()).toString()),
                Map.of(), Duration.ofMinutes(10), line -> addTable(line, tables), line -> { });
        if (!listed.succeeded()) {
            throw new BackupException("pg_restore --list " + backup.location() + " failed: "
                    + String.join("\n", listed.stderrTail()));
        }
        return tables;
    }

    private static void addTable(String line, Set<String> tables) {
        String[] parts = line.trim().split(" ");
        if (!line.startsWith(";") && parts.length >= 6 && TABLE_ENTRY.equals(parts[1]) && "TABLE".equals(parts[3])) {
            tables.add(parts[4] + "." + parts[5]);
        }
    }
}
