-- Call quality timelines: one row per participant and point in time, summarised from its quality_report events and
-- thinned by the server (one point per 5 s at most). One schema for SQLite and PostgreSQL: portable types (DOUBLE
-- PRECISION is REAL in SQLite), times as epoch milliseconds. Rows name their call by session id and fall within its
-- start and end; they are deleted after SECUREVOX_CALL_QUALITY_RETENTION.
CREATE TABLE call_quality (
    session_id     VARCHAR(128)     NOT NULL,
    user_id        VARCHAR(128)     NOT NULL,
    at             BIGINT           NOT NULL,
    outbound_kbps  DOUBLE PRECISION,
    inbound_kbps   DOUBLE PRECISION,
    packets_lost   BIGINT,
    loss_ratio     DOUBLE PRECISION,
    jitter_ms      DOUBLE PRECISION,
    rtt_ms         DOUBLE PRECISION,
    fps            DOUBLE PRECISION,
    width          INTEGER,
    height         INTEGER,
    frames_dropped BIGINT,
    freezes        BIGINT,
    limitation     VARCHAR(16),
    candidate_type VARCHAR(8),
    protocol       VARCHAR(8),
    codec          VARCHAR(64),
    mos            DOUBLE PRECISION,
    PRIMARY KEY (session_id, at, user_id)
);

CREATE INDEX call_quality_at ON call_quality (at);
