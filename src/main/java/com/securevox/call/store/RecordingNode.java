package com.securevox.call.store;

import com.securevox.call.call.CallOwnership;

/**
 * The node a recordings' catalog works for: each recording it starts is written with this node's id, on whose disk its
 * files will be. A single node is the only writer of its database, and its id may be new on every run, so it looks
 * after every recording; with several nodes ({@code shared}) each makes, recovers and deletes only its own.
 *
 * @param id this node's id
 * @param shared whether other nodes write the same database
 */
public record RecordingNode(String id, boolean shared) {
    public RecordingNode {
        if (!CallOwnership.Owner.isValidNode(id)) {
            throw new IllegalArgumentException(
                    "id: " + (id == null ? "null" : "'" + id + "'") + " (expected: 1 to 64 of [A-Za-z0-9._-])");
        }
    }

    /** A node alone on its database. */
    public static RecordingNode alone(String id) {
        return new RecordingNode(id, false);
    }
}
