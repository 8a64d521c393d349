-- What became of each decision: acting, awaiting approval, dry run, frozen, or not acted and why.
ALTER TABLE warden.decisions
    ADD COLUMN incident_id    uuid,
    ADD COLUMN outcome        text,
    ADD COLUMN outcome_detail text,
    ADD COLUMN rollback_id    text;
CREATE INDEX decisions_incident ON warden.decisions (incident_id);
