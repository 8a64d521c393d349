-- Why a snapshot must never become a baseline or a restore point: it was taken while a check breached,
-- an incident was open or a migration had failed. Null when the snapshot is clean. The expected schema,
-- the row baseline and the restore point come from clean snapshots only.
ALTER TABLE warden.snapshots ADD COLUMN tainted_because text;
-- The newest clean snapshot (and the newest clean verified backup) of a target, found by this index.
CREATE INDEX snapshots_target_clean ON warden.snapshots (target, taken_at DESC) WHERE tainted_because IS NULL;
