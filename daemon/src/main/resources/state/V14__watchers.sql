-- Which cluster node watches which target right now (issue 16), written by each node once per heartbeat
-- interval: the one place both halves of a network partition still see. A target with fresh rows from
-- two or more nodes is watched twice (split brain); "since" is when this node's current stretch of
-- watching began (reset when its row had gone stale: a frozen node that wakes up starts a new stretch),
-- so the overlap's length is measured on the database's clock, not on the nodes'.
-- V14, not V13: V13 comes from another branch; Flyway applies the scripts it finds in version order.
CREATE TABLE warden.watchers (
    target  text NOT NULL,
    node    text NOT NULL,
    since   timestamptz NOT NULL,
    seen_at timestamptz NOT NULL,
    PRIMARY KEY (target, node)
);
CREATE INDEX watchers_node ON warden.watchers (node);
