-- Call event timelines: joins, leaves (with their reason), mutes and unmutes, sockets away and resumed, one row per
-- participant event, drawn on a call's quality charts. One schema for SQLite and PostgreSQL; times as epoch
-- milliseconds, and a sequence that orders events of the same millisecond. Deleted after
-- SECUREVOX_CALL_QUALITY_RETENTION like the quality points.
CREATE TABLE call_events (
    session_id VARCHAR(128) NOT NULL,
    user_id    VARCHAR(128) NOT NULL,
    at         BIGINT       NOT NULL,
    sequence   BIGINT       NOT NULL,
    kind       VARCHAR(16)  NOT NULL,
    reason     VARCHAR(16),
    PRIMARY KEY (session_id, at, sequence, user_id)
);

CREATE INDEX call_events_at ON call_events (at);
