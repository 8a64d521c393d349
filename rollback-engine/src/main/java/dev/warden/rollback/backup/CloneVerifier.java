package dev.warden.rollback.backup;

import dev.warden.postgres.Connections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Connects to a clone and compares its exact counts with the source's, taken while the source was closed. */
final class CloneVerifier {
    static final String USER_TABLES = "user_tables";
    static final String SKIPPED = "skipped.";

    private CloneVerifier() {
    }

    static Future<Verification> verify(Vertx vertx, Backup backup, PgConnectOptions clone) {
        List<String> tables = new ArrayList<>(backup.rowCounts().keySet());
        return Connections.connect(vertx, clone)
                .compose(connection -> RowCounter.count(connection, tables).eventually(connection::close))
                .map(counts -> compare(backup, counts))
                .recover(e -> Future.succeededFuture(Verification.failed(
                        "could not verify clone " + backup.location() + ": " + e.getMessage(), List.of())));
    }

    private static Verification compare(Backup backup, TableCounts clone) {
        List<String> evidence = new ArrayList<>();
        boolean ok = true;
        for (Map.Entry<String, String> detail : backup.details().entrySet()) {
            if (detail.getKey().startsWith(SKIPPED)) {
                ok = false;
                evidence.add(detail.getKey().substring(SKIPPED.length()) + ": not counted on the source ("
                        + detail.getValue() + "), cannot compare");
            }
        }
        for (Map.Entry<String, Long> source : backup.rowCounts().entrySet()) {
            Long copied = clone.rows().get(source.getKey());
            String skipped = clone.skipped().get(source.getKey());
            ok &= source.getValue().equals(copied);
            evidence.add(source.getKey() + ": source " + source.getValue() + ", clone "
                    + (copied != null ? copied : "not counted (" + skipped + ")"));
        }
        String expectedTables = backup.details().get(USER_TABLES);
        ok &= String.valueOf(clone.userTables()).equals(expectedTables);
        evidence.add("user tables: source " + expectedTables + ", clone " + clone.userTables());
        String summary = "clone " + backup.location() + (ok ? " matches" : " does not match") + " its source";
        return ok ? Verification.passed(summary, evidence) : Verification.failed(summary, evidence);
    }
}
