-- Every decision the matrix made, with its reasoning; rollbacks refer to it by id.
CREATE TABLE warden.decisions (
    id              uuid PRIMARY KEY,
    target          text NOT NULL,
    check_name      text NOT NULL,
    issue           text NOT NULL,
    severity        text NOT NULL,
    strategy        text NOT NULL,
    mode            text NOT NULL,
    time_budget_ms  bigint NOT NULL,
    first_breach_at timestamptz NOT NULL,
    decided_at      timestamptz NOT NULL,
    streak          integer NOT NULL,
    reasoning       jsonb NOT NULL
);
CREATE INDEX decisions_decided_at ON warden.decisions (decided_at DESC);
