-- Which node made a recording, so that any node can hand a request for its files to the node whose disk has them
-- (several nodes share this database, not their disks). A node's id: SECUREVOX_CALL_NODE_ID, or the id generated for
-- its run. NULL for recordings made before this migration: they are served only where their files are.
ALTER TABLE recordings ADD COLUMN node VARCHAR(64);
