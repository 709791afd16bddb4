-- What a call's media used: 'sfu' once it has been through the SFU at any point, else 'mesh' (peer to peer).
-- Calls recorded before the SFU existed were all mesh calls, which the default says.
ALTER TABLE calls ADD COLUMN media VARCHAR(8) NOT NULL DEFAULT 'mesh';
