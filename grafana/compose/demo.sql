-- The tour's demo database (docker-compose.yml mounts this into the postgres container's
-- /docker-entrypoint-initdb.d, which runs it once, in the database POSTGRES_DB names: demo).
-- The same small shop as Warden's embedded default, with ON DELETE CASCADE on order_items so that a
-- careless DELETE FROM orders goes through, as it would in a real incident.

CREATE EXTENSION IF NOT EXISTS amcheck;   -- lets Warden's corruption check run

CREATE TABLE customers (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now());

CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    status      varchar(20) NOT NULL DEFAULT 'placed',
    total       numeric(10, 2) NOT NULL CHECK (total >= 0),
    placed_at   timestamptz NOT NULL DEFAULT now());
CREATE INDEX orders_customer_id_idx ON orders (customer_id);

CREATE TABLE order_items (
    order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    sku      text NOT NULL,
    quantity integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, sku));

INSERT INTO customers (email) SELECT 'customer' || i || '@example.com' FROM generate_series(1, 200) i;
INSERT INTO orders (customer_id, total) SELECT 1 + i % 200, (i % 97) + 0.99 FROM generate_series(1, 1000) i;
INSERT INTO order_items (order_id, sku, quantity)
    SELECT o.id, 'sku-' || s, 1 + (o.id + s) % 3 FROM orders o, generate_series(1, 3) s;
ANALYZE;
