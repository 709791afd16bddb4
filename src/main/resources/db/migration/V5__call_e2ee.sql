-- Whether a call's media was encrypted end to end (its first participant decides, every later one must match).
-- Calls recorded before end-to-end encryption existed were not, which the default says.
ALTER TABLE calls ADD COLUMN e2ee BOOLEAN NOT NULL DEFAULT FALSE;
