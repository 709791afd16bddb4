-- The ring of a rung call (calling a person) and each invitee's outcome; one schema for SQLite and PostgreSQL
-- (portable types, times as epoch milliseconds). A ring comes before its call has a row (and may never get one: nobody
-- answered), so it names its call by session id; a call's ring is the latest one of its session id rung before the
-- call ended. state is the invitee's first state until decided_at is set, then its outcome.
CREATE TABLE call_rings (
    ring_id    VARCHAR(36)  NOT NULL PRIMARY KEY,
    session_id VARCHAR(128) NOT NULL,
    caller     VARCHAR(128) NOT NULL,
    media      VARCHAR(8)   NOT NULL,
    created_at BIGINT       NOT NULL,
    ended_at   BIGINT
);

CREATE INDEX call_rings_session ON call_rings (session_id, created_at);

CREATE TABLE call_ring_invitees (
    ring_id    VARCHAR(36)  NOT NULL REFERENCES call_rings (ring_id),
    user_id    VARCHAR(128) NOT NULL,
    position   INTEGER      NOT NULL,
    state      VARCHAR(16)  NOT NULL,
    decided_at BIGINT,
    PRIMARY KEY (ring_id, user_id)
);
