package dev.warden.daemon.alert;

import dev.warden.daemon.state.StateStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The alert outbox as the nodes of a cluster share it (issue 16): any node raises and resolves any alert
 * in the state database, but only the node holding an alert's claim ({@code sender}, {@code
 * sender_until}) sends it. A change claims the alert for the node making it when nobody holds it (or the
 * holder's claim expired); otherwise the holder sends the new state after its next {@link #claim}. Each
 * resend, a node renews its claims and takes the unclaimed and expired ones, in one statement.
 *
 * <p>A claim lasts one resend interval plus twice the receivers' timeout (the longest a delivery takes);
 * the node itself starts deliveries only within one resend interval of its last renewal, so whatever it
 * sent has arrived or timed out before its claim expires and another node may take over. A dead node's
 * alerts are thus sent again by a survivor within 2 resend intervals + 2 timeouts of its last renewal
 * (130 s with the defaults), while Alertmanager keeps a firing alert active for 4 intervals (240 s) after
 * its last send. A node whose renewal comes later than its claim's expiry loses the alerts another node
 * took meanwhile: it stops sending them, never sends them alongside. A node that stops gives its claims
 * up ({@link #releaseAll}): they move at the survivors' next change or resend, not after the lease.
 */
final class AlertClaims {
    private final StateStore state;
    private final String node;
    private final Clock clock;
    private final Duration sendFor;
    private final Duration lease;
    /** The alerts this node holds the claim of, and until when it may start sending them (its own clock). */
    private final Map<String, Instant> held = new HashMap<>();

    /** One alert this node holds after {@link #claim}; {@code previous} the node that held it before, or null. */
    record Claimed(AlertEntry entry, String previous) {
    }

    /** A change as the database made it: the alert before and after (the same when nothing changed), and its sender. */
    record Changed(AlertEntry before, AlertEntry after, String sender) {
        boolean changed() {
            return after != before;
        }
    }

    AlertClaims(StateStore state, String node, Clock clock, Duration resendInterval, Duration timeout) {
        this.state = state;
        this.node = node;
        this.clock = clock;
        this.sendFor = resendInterval;
        this.lease = sendFor.plus(timeout.multipliedBy(2));
    }

    String node() {
        return node;
    }

    /** True while this node holds the alert's claim: it may start a delivery of it. */
    boolean holds(String key) {
        Instant until = held.get(key);
        return until != null && clock.instant().isBefore(until);
    }

    int held() {
        return held.size();
    }

    /** Renews this node's claims and takes the alerts nobody holds; returns every alert this node holds now. */
    Future<List<Claimed>> claim() {
        Instant until = clock.instant().plus(sendFor);
        return state.ready().compose(v -> state.pool().preparedQuery("""
                WITH claimable AS (
                    SELECT key, sender FROM warden.alerts
                    WHERE sender IS NULL OR sender = $1 OR sender_until < now()
                    ORDER BY key FOR NO KEY UPDATE)
                UPDATE warden.alerts a SET sender = $1, sender_until = now() + $2 * interval '1 millisecond'
                FROM claimable c WHERE a.key = c.key
                RETURNING %s, c.sender AS previous""".formatted(prefixed("a.")))
                .execute(Tuple.of(node, lease.toMillis())))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    held.clear();
                    rows.forEach(row -> {
                        claimed.add(new Claimed(AlertOutbox.entry(row), row.getString("previous")));
                        held.put(row.getString("key"), until);
                    });
                    return claimed;
                });
    }

    /**
     * Changes the alert as the database holds it, in one transaction: {@code change} gets its state (null
     * when there is none) and returns the new one (the same for no change). A state change (fired, resolved)
     * is owed to every webhook. Claims the alert when nobody else holds it.
     */
    Future<Changed> change(String key, UnaryOperator<AlertEntry> change, List<String> webhooks) {
        Instant asked = clock.instant();
        return state.ready().compose(v -> state.pool().withTransaction(tx -> change(tx, key, change, webhooks)))
                .onSuccess(changed -> {
                    if (node.equals(changed.sender())) {
                        held.put(key, asked.plus(sendFor));
                    } else if (changed.changed()) {
                        held.remove(key);
                    }
                });
    }

    private Future<Changed> change(SqlClient tx, String key, UnaryOperator<AlertEntry> change, List<String> webhooks) {
        return tx.preparedQuery("SELECT " + AlertOutbox.COLUMNS + ", sender FROM warden.alerts WHERE key = $1"
                        + " FOR NO KEY UPDATE").execute(Tuple.of(key))
                .compose(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    AlertEntry before = row == null ? null : AlertOutbox.entry(row);
                    AlertEntry after = change.apply(before);
                    if (after == null || after == before) {
                        return Future.succeededFuture(new Changed(before, before, row == null ? null : row.getString("sender")));
                    }
                    Tuple values = AlertOutbox.row(after, Alerts.now(clock)).addString(node).addLong(lease.toMillis());
                    return (row == null ? insert(tx, values) : update(tx, values)).compose(written -> {
                        if (written.isEmpty()) {
                            // Another node inserted it meanwhile (and committed): change its row instead.
                            return change(tx, key, change, webhooks);
                        }
                        boolean stateChange = before == null || before.status() != after.status();
                        return AlertOutbox.owe(tx, after, stateChange ? webhooks : List.of())
                                .map(new Changed(before, after, written.get(0)));
                    });
                });
    }

    /** A new alert, claimed by this node; empty when another node inserted it first. */
    private static Future<List<String>> insert(SqlClient tx, Tuple values) {
        return tx.preparedQuery("""
                INSERT INTO warden.alerts (key, alertname, labels, annotations, generator_url, status, starts_at,
                    resolved_at, version, updated_at, sender, sender_until)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now() + $12 * interval '1 millisecond')
                ON CONFLICT (key) DO NOTHING RETURNING sender""").execute(values).map(AlertClaims::senders);
    }

    /** The alert's new state; claimed by this node unless another node holds it. */
    private static Future<List<String>> update(SqlClient tx, Tuple values) {
        return tx.preparedQuery("""
                UPDATE warden.alerts SET labels = $3, annotations = $4, generator_url = $5, status = $6, starts_at = $7,
                    resolved_at = $8, version = $9, updated_at = $10,
                    sender = CASE WHEN sender IS NULL OR sender = $11 OR sender_until < now() THEN $11 ELSE sender END,
                    sender_until = CASE WHEN sender IS NULL OR sender = $11 OR sender_until < now()
                        THEN now() + $12 * interval '1 millisecond' ELSE sender_until END
                WHERE key = $1 AND alertname = $2 RETURNING sender""").execute(values).map(AlertClaims::senders);
    }

    private static List<String> senders(Iterable<Row> rows) {
        List<String> senders = new ArrayList<>();
        rows.forEach(row -> senders.add(row.getString("sender")));
        return senders;
    }

    /** The keys of the firing alerts of that name whose labels include {@code labels}, whoever sends them. */
    Future<List<String>> firing(String alertname, Map<String, String> labels) {
        return state.ready().compose(v -> state.pool().preparedQuery("""
                SELECT key FROM warden.alerts WHERE status = 'firing' AND alertname = $1 AND labels @> $2""")
                .execute(Tuple.of(alertname, AlertJson.json(labels))))
                .map(rows -> {
                    List<String> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(row.getString("key")));
                    return keys;
                });
    }

    /** The node no longer sends this alert (another node holds it now). */
    void release(String key) {
        held.remove(key);
    }

    /**
     * A stopping node gives every claim up, so the next change on a surviving node claims and sends the
     * alert at once instead of waiting out this node's lease (a resolve would otherwise sit unsent).
     */
    Future<Void> releaseAll() {
        held.clear();
        return state.pool().preparedQuery("UPDATE warden.alerts SET sender = NULL, sender_until = NULL WHERE sender = $1")
                .execute(Tuple.of(node)).mapEmpty();
    }

    private static String prefixed(String alias) {
        return alias + AlertOutbox.COLUMNS.replace(", ", ", " + alias);
    }
}
