-- Who measured a quality point: 'client' (the participant's own quality_report) or 'server' (the SFU's view of the
-- participant's connection, from Janus's Admin API). Both can hold a point for the same participant at the same
-- millisecond, so the source joins the primary key; SQLite cannot change a primary key in place, so the table is
-- copied (the same statements for SQLite and PostgreSQL). Existing rows came from clients.
CREATE TABLE call_quality_v15 (
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
    source         VARCHAR(8)       NOT NULL DEFAULT 'client',
    PRIMARY KEY (session_id, at, user_id, source)
);

INSERT INTO call_quality_v15 (session_id, user_id, at, outbound_kbps, inbound_kbps, packets_lost, loss_ratio,
    jitter_ms, rtt_ms, fps, width, height, frames_dropped, freezes, limitation, candidate_type, protocol, codec, mos,
    source)
SELECT session_id, user_id, at, outbound_kbps, inbound_kbps, packets_lost, loss_ratio, jitter_ms, rtt_ms, fps, width,
    height, frames_dropped, freezes, limitation, candidate_type, protocol, codec, mos, 'client'
FROM call_quality;

DROP TABLE call_quality;

ALTER TABLE call_quality_v15 RENAME TO call_quality;

CREATE INDEX call_quality_at ON call_quality (at);
