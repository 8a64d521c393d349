-- A snapshot's own words beside its reason: a ticket, "baseline", "before the Q3 purge". Free text,
-- set when the snapshot is asked for (API or CLI); null when none was given.
ALTER TABLE warden.snapshots ADD COLUMN label text;
