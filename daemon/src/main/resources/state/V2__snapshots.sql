-- What a target looked like at a moment: schema, row counts, migration history, and the backup
-- taken with it (if any). The backup columns are what retention and restores look up.
CREATE TABLE warden.snapshots (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target            text NOT NULL,
    reason            text NOT NULL,
    taken_at          timestamptz NOT NULL,
    duration_ms       bigint NOT NULL,
    server_version    text NOT NULL,
    schema_hash       text NOT NULL,
    schema            jsonb NOT NULL,
    row_counts        jsonb NOT NULL,
    migrations        jsonb NOT NULL,
    notes             jsonb NOT NULL,
    backup_kind       text,
    backup_location   text,
    backup_size_bytes bigint,
    backup_verified   boolean NOT NULL DEFAULT false,
    backup            jsonb
);
CREATE INDEX snapshots_target_taken_at ON warden.snapshots (target, taken_at DESC);
