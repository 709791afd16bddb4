-- What each recording file holds (camera, screen or composed) and the stretches of the call in it: a participant who
-- left and came back has their presences one after the other in one file, each a piece with where it happened.
-- Rows from before this migration have no source (a participant's file is their camera, the other the composed
-- file) and no pieces (the whole file is one).
ALTER TABLE recording_files ADD COLUMN source VARCHAR(16);

CREATE TABLE recording_file_pieces (
    recording_id    VARCHAR(28)  NOT NULL,
    name            VARCHAR(128) NOT NULL,
    ordinal         INTEGER      NOT NULL,
    start_offset_ms BIGINT       NOT NULL,
    duration_ms     BIGINT       NOT NULL,
    PRIMARY KEY (recording_id, name, ordinal),
    FOREIGN KEY (recording_id, name) REFERENCES recording_files (recording_id, name)
);
