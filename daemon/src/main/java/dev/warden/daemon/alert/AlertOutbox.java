package dev.warden.daemon.alert;

import dev.warden.daemon.state.StateStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The alert outbox in Warden's state database ({@code warden.alerts}, {@code warden.alert_deliveries}). */
final class AlertOutbox {
    private final StateStore state;

    AlertOutbox(StateStore state) {
        this.state = state;
    }

    /** What {@link #entry} reads from a row of {@code warden.alerts}. */
    static final String COLUMNS = "key, labels, annotations, generator_url, status, starts_at, resolved_at, version";

    /** Writes the alert's state; when {@code notify} is given, those webhooks have this version to deliver. */
    Future<Void> save(AlertEntry entry, List<String> notify, Instant now) {
        return state.ready().compose(v -> state.pool().withTransaction(tx -> tx.preparedQuery("""
                INSERT INTO warden.alerts (key, alertname, labels, annotations, generator_url, status, starts_at,
                    resolved_at, version, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (key) DO UPDATE SET labels = EXCLUDED.labels, annotations = EXCLUDED.annotations,
                    generator_url = EXCLUDED.generator_url, status = EXCLUDED.status, starts_at = EXCLUDED.starts_at,
                    resolved_at = EXCLUDED.resolved_at, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
                WHERE warden.alerts.version <= EXCLUDED.version""").execute(row(entry, now))
                .compose(r -> owe(tx, entry, notify))))
                .mapEmpty();
    }

    /** The values of a row of {@code warden.alerts}, $1 to $10, in the order of {@link #save}'s columns. */
    static Tuple row(AlertEntry entry, Instant now) {
        Alert alert = entry.alert();
        return Tuple.from(new Object[] {entry.key(), alert.alertname(), AlertJson.json(alert.labels()),
                AlertJson.json(alert.annotations()), alert.generatorUrl(), entry.status().label(),
                at(entry.startsAt()), entry.resolvedAt().map(AlertOutbox::at).orElse(null), entry.version(), at(now)});
    }

    /** These webhooks have this version of the alert to deliver (in the transaction writing it). */
    static Future<Void> owe(SqlClient tx, AlertEntry entry, List<String> webhooks) {
        return webhooks.isEmpty() ? Future.succeededFuture() : tx.preparedQuery("""
                INSERT INTO warden.alert_deliveries (alert_key, receiver, pending_version)
                SELECT $1, receiver, $2 FROM unnest($3::text[]) AS receiver
                ON CONFLICT (alert_key, receiver) DO UPDATE SET pending_version = EXCLUDED.pending_version""")
                .execute(Tuple.of(entry.key(), entry.version(), webhooks.toArray(new String[0]))).mapEmpty();
    }

    /**
     * Records one attempt to deliver these alert versions to a receiver; {@code error} null means it
     * succeeded. Bookkeeping only: skipped, not queued, while the state store is not open yet.
     */
    Future<Void> attempted(String receiver, Map<String, Long> versions, Instant at, String error) {
        String[] keys = versions.keySet().toArray(new String[0]);
        Long[] delivered = versions.values().toArray(new Long[0]);
        return state.ifOpen().compose(v -> state.pool().preparedQuery("""
                INSERT INTO warden.alert_deliveries AS d (alert_key, receiver, delivered_version, last_attempt_at,
                    last_sent_at, last_error, failures_in_a_row)
                SELECT a.key, $2, CASE WHEN $5::text IS NULL THEN s.version END, $4,
                    CASE WHEN $5::text IS NULL THEN $4::timestamptz END, $5, CASE WHEN $5::text IS NULL THEN 0 ELSE 1 END
                FROM unnest($1::text[], $3::bigint[]) AS s (key, version) JOIN warden.alerts a ON a.key = s.key
                ON CONFLICT (alert_key, receiver) DO UPDATE SET
                    delivered_version = greatest(d.delivered_version, EXCLUDED.delivered_version),
                    last_attempt_at = EXCLUDED.last_attempt_at,
                    last_sent_at = coalesce(EXCLUDED.last_sent_at, d.last_sent_at),
                    last_error = EXCLUDED.last_error,
                    failures_in_a_row = CASE WHEN EXCLUDED.last_error IS NULL THEN 0 ELSE d.failures_in_a_row + 1 END""")
                .execute(Tuple.of(keys, receiver, delivered, at(at), error))).mapEmpty();
    }

    /**
     * Every alert still tracked; for each receiver the alert versions it has still to be told about, and
     * the latest version it accepted.
     */
    Future<Loaded> load() {
        return state.ready().compose(v -> state.pool().query("SELECT " + COLUMNS
                        + " FROM warden.alerts ORDER BY starts_at, key").execute())
                .compose(rows -> {
                    List<AlertEntry> entries = new ArrayList<>();
                    rows.forEach(row -> entries.add(entry(row)));
                    return deliveries(null).map(deliveries -> new Loaded(entries, deliveries.pendingByReceiver(),
                            deliveries.deliveredByReceiver()));
                });
    }

    /** What the receivers owe and accepted of these alerts ({@code keys} null: of every alert), as {@link #load}. */
    Future<Loaded> deliveries(List<String> keys) {
        return state.pool().preparedQuery("""
                        SELECT alert_key, receiver, pending_version, delivered_version
                        FROM warden.alert_deliveries WHERE $1::text[] IS NULL OR alert_key = ANY ($1)""")
                .execute(Tuple.of(keys == null ? null : keys.toArray(new String[0])))
                .map(deliveries -> {
                    Map<String, Map<String, Long>> pending = new HashMap<>();
                    Map<String, Map<String, Long>> delivered = new HashMap<>();
                    deliveries.forEach(row -> {
                        Long owed = row.getLong("pending_version");
                        Long taken = row.getLong("delivered_version");
                        if (owed != null && owed > (taken == null ? 0 : taken)) {
                            pending.computeIfAbsent(row.getString("receiver"), r -> new HashMap<>())
                                    .put(row.getString("alert_key"), owed);
                        }
                        if (taken != null) {
                            delivered.computeIfAbsent(row.getString("receiver"), r -> new HashMap<>())
                                    .put(row.getString("alert_key"), taken);
                        }
                    });
                    return new Loaded(List.of(), pending, delivered);
                });
    }

    /** Deletes resolved alerts, unless they fired again meanwhile (their version then moved on). */
    Future<Void> forget(Map<String, Long> versions) {
        return state.ready().compose(v -> state.pool().preparedQuery("""
                DELETE FROM warden.alerts a USING unnest($1::text[], $2::bigint[]) AS s (key, version)
                WHERE a.key = s.key AND a.version = s.version AND a.status = 'resolved'""")
                .execute(Tuple.tuple().addArrayOfString(versions.keySet().toArray(new String[0]))
                        .addArrayOfLong(versions.values().toArray(new Long[0]))))
                .mapEmpty();
    }

    record Loaded(List<AlertEntry> entries, Map<String, Map<String, Long>> pendingByReceiver,
                  Map<String, Map<String, Long>> deliveredByReceiver) {
    }

    static AlertEntry entry(Row row) {
        Map<String, String> labels = new HashMap<>();
        row.getJsonObject("labels").forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
        Map<String, String> annotations = new HashMap<>();
        row.getJsonObject("annotations").forEach(e -> annotations.put(e.getKey(), String.valueOf(e.getValue())));
        return new AlertEntry(new Alert(labels, annotations, row.getString("generator_url")),
                AlertStatus.of(row.getString("status")), row.getOffsetDateTime("starts_at").toInstant(),
                Optional.ofNullable(row.getOffsetDateTime("resolved_at")).map(OffsetDateTime::toInstant),
                row.getLong("version"));
    }

    static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
