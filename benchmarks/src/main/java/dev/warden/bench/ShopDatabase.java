package dev.warden.bench;

import dev.warden.testing.Sql;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A source database of about a requested size, made of rows a shop would have: customers, their
 * orders and the orders' events (JSON-like text of about 230 bytes, below the TOAST threshold, so
 * the data compresses the way ordinary text does), with primary keys, foreign keys and secondary
 * indexes. Rows are generated server-side in "units": unit {@code g} is one event, every 4th unit
 * also an order and every 20th a customer, so any range of units starting on a multiple of 20
 * keeps the foreign keys valid. A first guess of the size per unit is loaded, measured, and topped
 * up until {@code pg_database_size} is within a few percent of the target.
 */
final class ShopDatabase {
    static final List<String> TABLES = List.of("shop.customers", "shop.orders", "shop.order_events");

    private static final long FIRST_GUESS_BYTES_PER_UNIT = 400;
    private static final long CHUNK_UNITS = 500_000;
    private static final double CLOSE_ENOUGH = 0.97;
    private static final int TOP_UPS = 3;

    private static final String CREATE = """
            CREATE SCHEMA shop;
            CREATE TABLE shop.customers (id bigint NOT NULL, name text NOT NULL, email text NOT NULL,
                country text NOT NULL, created_at timestamptz NOT NULL);
            CREATE TABLE shop.orders (id bigint NOT NULL, customer_id bigint NOT NULL, status text NOT NULL,
                total numeric(12,2) NOT NULL, shipping_address text NOT NULL, created_at timestamptz NOT NULL);
            CREATE TABLE shop.order_events (id bigint NOT NULL, order_id bigint NOT NULL, kind text NOT NULL,
                payload text NOT NULL, created_at timestamptz NOT NULL);
            """;

    private static final String LOAD = """
            INSERT INTO shop.customers
            SELECT g / 20, 'Customer ' || g / 20, 'customer' || g / 20 || '@example.com',
                   (ARRAY['DE','FR','US','BR','JP','IN'])[1 + g %% 6], timestamptz '2020-01-01' + g * interval '1 s'
            FROM generate_series(%1$d, %2$d) g WHERE g %% 20 = 0;
            INSERT INTO shop.orders
            SELECT g / 4, g / 20, (ARRAY['new','paid','shipped','delivered','returned'])[1 + g %% 5],
                   round((g %% 100000) / 7.0, 2), (g %% 9999) || ' Main Street, ' || left(md5(g::text), 20),
                   timestamptz '2020-01-01' + g * interval '1 s'
            FROM generate_series(%1$d, %2$d) g WHERE g %% 4 = 0;
            INSERT INTO shop.order_events
            SELECT g, g / 4, (ARRAY['created','paid','packed','shipped','delivered','refunded'])[1 + g %% 6],
                   format('{"order":%%s,"actor":"user-%%s","ip":"10.%%s.%%s.1","trace":"%%s","note":"%%s%%s%%s"}',
                          g / 4, g %% 9973, g %% 250, g %% 199, md5(g::text), md5((g * 7)::text),
                          md5((g * 13)::text), md5((g * 31)::text)),
                   timestamptz '2020-01-01' + g * interval '1 s' + (g %% 3600) * interval '1 ms'
            FROM generate_series(%1$d, %2$d) g;
            """;

    private static final String CONSTRAIN = """
            ALTER TABLE shop.customers ADD PRIMARY KEY (id);
            ALTER TABLE shop.orders ADD PRIMARY KEY (id);
            ALTER TABLE shop.order_events ADD PRIMARY KEY (id);
            ALTER TABLE shop.orders ADD FOREIGN KEY (customer_id) REFERENCES shop.customers (id);
            ALTER TABLE shop.order_events ADD FOREIGN KEY (order_id) REFERENCES shop.orders (id);
            CREATE INDEX ON shop.orders (customer_id);
            CREATE INDEX ON shop.orders (created_at);
            CREATE INDEX ON shop.order_events (order_id);
            CREATE INDEX ON shop.order_events (created_at);
            """;

    private ShopDatabase() {
    }

    /** Fills the empty database behind {@code sql}, vacuums and checkpoints it; returns its size in bytes. */
    static long create(Sql sql, long targetBytes) {
        sql.execute(CREATE);
        long empty = size(sql);
        long units = roundUpTo20(Math.max(20, (targetBytes - empty) / FIRST_GUESS_BYTES_PER_UNIT));
        load(sql, 0, units);
        sql.execute(CONSTRAIN);
        sql.execute("VACUUM (ANALYZE) shop.customers, shop.orders, shop.order_events");
        long size = size(sql);
        for (int topUp = 0; topUp < TOP_UPS && size < CLOSE_ENOUGH * targetBytes; topUp++) {
            double perUnit = (double) (size - empty) / units;
            long more = roundUpTo20((long) Math.ceil((targetBytes - size) / perUnit));
            System.out.printf("setup: %d MiB after %d units, topping up %d units%n", size >> 20, units, more);
            load(sql, units, units + more);
            units += more;
            sql.execute("VACUUM (ANALYZE) shop.customers, shop.orders, shop.order_events");
            size = size(sql);
        }
        // Every run then starts from the same state: hint bits set, nothing dirty for the clone's checkpoint.
        sql.execute("CHECKPOINT");
        return size;
    }

    /** Exact row count of every table. */
    static Map<String, Long> rowCounts(Sql sql) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, sql.queryLong("SELECT count(*) FROM " + table));
        }
        return counts;
    }

    static long size(Sql sql) {
        return sql.queryLong("SELECT pg_database_size(current_database())");
    }

    /** Units {@code from} (a multiple of 20) to {@code to}, exclusive, in chunks of one transaction each. */
    private static void load(Sql sql, long from, long to) {
        for (long first = from; first < to; first += CHUNK_UNITS) {
            sql.execute("BEGIN;" + LOAD.formatted(first, Math.min(to, first + CHUNK_UNITS) - 1) + "COMMIT;");
        }
    }

    private static long roundUpTo20(long units) {
        return (units + 19) / 20 * 20;
    }
}
