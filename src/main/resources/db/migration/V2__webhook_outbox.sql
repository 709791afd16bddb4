-- The webhook outbox: every event to deliver, in the same database as the history so it survives restarts.
-- position orders all events (and so each call's events); one writer assigns it. Times are epoch milliseconds.
-- window_start is when the retry window began: the event's creation, or a manual retry.
CREATE TABLE webhook_events (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    position        BIGINT       NOT NULL UNIQUE,
    session_id      VARCHAR(128) NOT NULL,
    sequence        BIGINT       NOT NULL,
    type            VARCHAR(32)  NOT NULL,
    created_at      BIGINT       NOT NULL,
    body            TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    window_start    BIGINT       NOT NULL,
    next_attempt_at BIGINT       NOT NULL,
    last_attempt_at BIGINT,
    last_error      VARCHAR(512),
    delivered_at    BIGINT
);

CREATE INDEX webhook_events_queue ON webhook_events (status, session_id, position);
CREATE INDEX webhook_events_listing ON webhook_events (status, position);
