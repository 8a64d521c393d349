-- Which Warden node sends each alert (issue 16). In a cluster any node may raise or resolve an alert,
-- but only the node holding the row's claim sends it, until sender_until. The holder renews its claims
-- on every resend; a claim that outlives its node expires, and a surviving node takes the alert over
-- on its next resend. A lone Warden leaves both columns empty.
ALTER TABLE warden.alerts ADD COLUMN sender text, ADD COLUMN sender_until timestamptz;
