-- The rollback journal, written ahead: every step is recorded before it runs and after it ends,
-- so that a Warden restarted in the middle of a rollback knows which step was under way.
CREATE SCHEMA IF NOT EXISTS warden;

CREATE TABLE IF NOT EXISTS warden.rollbacks (
    id           text PRIMARY KEY,
    target       text NOT NULL,
    strategy     text NOT NULL,
    -- One decision makes at most one rollback; null for an operator's rollback.
    decision_id  text UNIQUE,
    status       text NOT NULL CHECK (status IN ('planned', 'running', 'succeeded', 'failed', 'partial',
                                                 'needs_attention')),
    -- What rebuilds the steps on resume: backup, options, requested_at. Never a credential.
    request      jsonb NOT NULL,
    -- The planned steps, in order: [{"name": ..., "destructive": ...}].
    steps        jsonb NOT NULL,
    -- What the plan does to data, as shown before it ran.
    impact       jsonb NOT NULL,
    outcome      text,
    evidence     jsonb NOT NULL DEFAULT '[]',
    planned_at   timestamptz NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS rollbacks_target_planned_at ON warden.rollbacks (target, planned_at DESC);
CREATE INDEX IF NOT EXISTS rollbacks_running ON warden.rollbacks (planned_at) WHERE status = 'running';

-- Append-only step events: 'started' before a step runs, then 'succeeded' or 'failed' (with the
-- error); 'skipped_already_done' when the step found its effect already in place.
CREATE TABLE IF NOT EXISTS warden.rollback_steps (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rollback_id  text NOT NULL REFERENCES warden.rollbacks (id),
    position     integer NOT NULL,
    name         text NOT NULL,
    destructive  boolean NOT NULL,
    event        text NOT NULL CHECK (event IN ('started', 'succeeded', 'failed', 'skipped_already_done')),
    error        text,
    at           timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS rollback_steps_rollback ON warden.rollback_steps (rollback_id, seq);
