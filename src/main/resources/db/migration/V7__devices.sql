-- Devices that get push notifications when their user is called; one schema for SQLite and PostgreSQL (portable
-- types, times as epoch milliseconds). A token is one device whoever registers it: (platform, token) is unique, and
-- registering it again moves or refreshes the row. environment is the APNs environment (NULL for FCM). Tokens stay
-- under 1024 characters, which keeps the unique index within PostgreSQL's limit on a B-tree row.
CREATE TABLE devices (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,
    user_id       VARCHAR(128)  NOT NULL,
    platform      VARCHAR(16)   NOT NULL,
    token         VARCHAR(1024) NOT NULL,
    app_id        VARCHAR(255),
    environment   VARCHAR(16),
    registered_at BIGINT        NOT NULL,
    UNIQUE (platform, token)
);

CREATE INDEX devices_user ON devices (user_id, registered_at);
