-- The alert outbox. Every state change of an alert (fired, annotations refreshed, resolved) is written
-- here before it is sent, so that neither an Alertmanager outage nor a Warden restart loses an alert:
-- at start-up the firing and recently resolved alerts are loaded and sent again.
CREATE TABLE warden.alerts (
    key           text PRIMARY KEY,
    alertname     text NOT NULL,
    labels        jsonb NOT NULL,
    annotations   jsonb NOT NULL,
    generator_url text NOT NULL DEFAULT '',
    status        text NOT NULL CHECK (status IN ('firing', 'resolved')),
    starts_at     timestamptz NOT NULL,
    resolved_at   timestamptz,
    version       bigint NOT NULL,
    updated_at    timestamptz NOT NULL,
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE INDEX alerts_resolved_at ON warden.alerts (resolved_at) WHERE status = 'resolved';

-- Delivery of each alert to each receiver (an Alertmanager or a webhook). Alertmanagers get every
-- alert on every resend; webhooks get state changes: pending_version is the alert version a webhook
-- still has to be told about, delivered_version the last one a receiver accepted.
CREATE TABLE warden.alert_deliveries (
    alert_key         text NOT NULL REFERENCES warden.alerts (key) ON DELETE CASCADE,
    receiver          text NOT NULL,
    pending_version   bigint,
    delivered_version bigint,
    last_attempt_at   timestamptz,
    last_sent_at      timestamptz,
    last_error        text,
    failures_in_a_row integer NOT NULL DEFAULT 0,
    PRIMARY KEY (alert_key, receiver)
);
