-- One schema for SQLite and PostgreSQL: portable types only, times as epoch milliseconds.
-- A session id may be used again once its call has ended, so calls have their own id.
CREATE TABLE calls (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    session_id        VARCHAR(128) NOT NULL,
    started_at        BIGINT       NOT NULL,
    ended_at          BIGINT,
    duration_seconds  BIGINT,
    peak_participants INTEGER      NOT NULL,
    end_reason        VARCHAR(16)
);

CREATE INDEX calls_started ON calls (started_at, id);
CREATE INDEX calls_session ON calls (session_id, started_at);

CREATE TABLE call_participants (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    call_id      VARCHAR(36)  NOT NULL REFERENCES calls (id),
    user_id      VARCHAR(128) NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    joined_at    BIGINT       NOT NULL,
    left_at      BIGINT,
    leave_reason VARCHAR(16),
    transport    VARCHAR(16)  NOT NULL,
    user_agent   VARCHAR(512) NOT NULL
);

CREATE INDEX call_participants_call ON call_participants (call_id, joined_at);
CREATE INDEX call_participants_user ON call_participants (user_id, call_id);
