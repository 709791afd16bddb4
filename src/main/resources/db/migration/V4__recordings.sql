-- Recordings of calls and their playable files; one schema for SQLite and PostgreSQL (portable types only, times as
-- epoch milliseconds, booleans as 0/1). deleting = 1: the retention sweep has hidden the recording and deletes its
-- files next; its rows go only once the files are gone, so a crash in between leaves it marked, never half-deleted.
CREATE TABLE recordings (
    id         VARCHAR(28)   NOT NULL PRIMARY KEY,
    session_id VARCHAR(128)  NOT NULL,
    started_by VARCHAR(128)  NOT NULL,
    started_at BIGINT        NOT NULL,
    ended_at   BIGINT,
    status     VARCHAR(16)   NOT NULL,
    partial    INTEGER       NOT NULL,
    failure    VARCHAR(1000),
    deleting   INTEGER       NOT NULL
);

CREATE INDEX recordings_started ON recordings (started_at, id);
CREATE INDEX recordings_session ON recordings (session_id, started_at);
CREATE INDEX recordings_ended ON recordings (status, ended_at);

CREATE TABLE recording_files (
    recording_id    VARCHAR(28)  NOT NULL REFERENCES recordings (id),
    name            VARCHAR(128) NOT NULL,
    user_id         VARCHAR(128),
    start_offset_ms BIGINT       NOT NULL,
    duration_ms     BIGINT       NOT NULL,
    audio           INTEGER      NOT NULL,
    video           INTEGER      NOT NULL,
    bytes           BIGINT       NOT NULL,
    PRIMARY KEY (recording_id, name)
);

-- When the call an event belongs to started (epoch milliseconds): a recording's event written after its call ended
-- (or after a restart) looks up the last sequence number of that call here, even if the session id was used again
-- by a later call. NULL for events written before this migration.
ALTER TABLE webhook_events ADD COLUMN call_started_at BIGINT;

CREATE INDEX webhook_events_call ON webhook_events (session_id, call_started_at);
