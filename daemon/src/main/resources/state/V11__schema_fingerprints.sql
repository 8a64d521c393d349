-- Each target's incremental schema fingerprint (issue 14): per object its key, the catalog row it is
-- and its hash (never its definition), per watched catalog its write counter and horizon, compressed.
-- With it, a restarted Warden or `warden check --once` reads only what changed since; a missing or
-- unreadable row only costs one full read of the catalog.
CREATE TABLE warden.schema_fingerprints (
    target   text PRIMARY KEY,
    state    bytea NOT NULL,
    saved_at timestamptz NOT NULL DEFAULT now()
);
