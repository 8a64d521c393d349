-- Incidents: one opens on a target at the first breach a rule would act on, holds the decisions and
-- the rollback that answer it, and closes when the triggering check passes again for a number of
-- cycles or when a rollback verifies. One rollback per incident; the next incident is acted on.
CREATE TABLE IF NOT EXISTS warden.incidents (
    id             uuid PRIMARY KEY,
    target         text NOT NULL,
    check_name     text NOT NULL,
    issue          text NOT NULL,
    severity       text NOT NULL,
    opened_at      timestamptz NOT NULL,
    closed_at      timestamptz,
    closed_because text
);
-- At most one open incident per target: Wardens that decide on the same breach join the same one.
CREATE UNIQUE INDEX IF NOT EXISTS incidents_one_open_per_target ON warden.incidents (target) WHERE closed_at IS NULL;
CREATE INDEX IF NOT EXISTS incidents_opened_at ON warden.incidents (opened_at DESC);

-- The incident a decision's rollback answers; null for an operator's rollback.
ALTER TABLE warden.rollbacks ADD COLUMN IF NOT EXISTS incident_id uuid;
-- One rollback per incident, however many Wardens and decisions answer it.
CREATE UNIQUE INDEX IF NOT EXISTS rollbacks_one_per_incident ON warden.rollbacks (incident_id)
    WHERE incident_id IS NOT NULL;
