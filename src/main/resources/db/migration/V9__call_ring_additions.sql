-- A ring that adds people to a call in progress names the ring that rang the call: a call's ring is then the latest
-- one of its session id rung before the call ended that adds to none, and the rings that add to it are shown with it.
-- Null for every ring recorded before (each rang a call of its own). One schema for SQLite and PostgreSQL.
ALTER TABLE call_rings ADD COLUMN added_to VARCHAR(36);
