-- Each `warden migrate` run: its verdict and its whole report (timeline, locks, durations, schema
-- changes, row deltas, checks, decision, rollback) as JSON. A run still 'running' when a Warden starts
-- was left by one that stopped: it is ended as failed, so nothing stays running forever.
CREATE TABLE warden.migrations (
    id          uuid PRIMARY KEY,
    target      text NOT NULL,
    status      text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    opened_at   timestamptz NOT NULL,
    finished_at timestamptz,
    report      jsonb NOT NULL
);
CREATE INDEX migrations_target_opened_at ON warden.migrations (target, opened_at DESC);
CREATE INDEX migrations_running ON warden.migrations (opened_at) WHERE status = 'running';
