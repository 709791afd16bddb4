-- The admin dashboard's signed-in sessions, shared by every node and kept across restarts; one schema for SQLite and
-- PostgreSQL (times as epoch milliseconds). Only the SHA-256 digest of a session's token is stored (hex), so reading
-- this table signs nobody in. Sign-out deletes the row; expired rows are purged by the nodes as they go.
CREATE TABLE admin_sessions (
    token_hash   VARCHAR(64)  NOT NULL PRIMARY KEY,
    method       VARCHAR(16)  NOT NULL,
    address      VARCHAR(255) NOT NULL,
    created_at   BIGINT       NOT NULL,
    expires_at   BIGINT       NOT NULL,
    last_seen_at BIGINT       NOT NULL
);

CREATE INDEX admin_sessions_expiry ON admin_sessions (expires_at);
