-- The outbox's last position, in a row of its own: several nodes append to one PostgreSQL outbox, and each append
-- takes its positions by raising this row, which also makes the next append wait for that one's commit. So no two
-- appends take the same position (MAX(position) + 1 did, and one failed on webhook_events' UNIQUE), and positions
-- are committed in their order. A rolled-back append gives its positions back.
CREATE TABLE webhook_position (
    id            INTEGER NOT NULL PRIMARY KEY,
    last_position BIGINT  NOT NULL
);

INSERT INTO webhook_position (id, last_position) SELECT 1, COALESCE(MAX(position), 0) FROM webhook_events;
