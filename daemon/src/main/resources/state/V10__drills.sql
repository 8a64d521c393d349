-- Each `warden drill`: its result and its whole report (step timings against the budgets, the locks
-- each migration statement took, the verification of every rollback) as JSON. A drill still 'running'
-- when a Warden starts was interrupted: it is ended as failed and its scratch databases are dropped.
CREATE TABLE warden.drills (
    id          text PRIMARY KEY,
    target      text NOT NULL,
    status      text NOT NULL CHECK (status IN ('running', 'passed', 'failed')),
    opened_at   timestamptz NOT NULL,
    finished_at timestamptz,
    report      jsonb NOT NULL
);
CREATE INDEX drills_target_opened_at ON warden.drills (target, opened_at DESC);
