package com.securevox.call.call;

/**
 * The raw JSON text of a participant's metadata object. The signaling layer validates it (an object, at most 1 KiB)
 * before it gets here; the domain stores and hands it back untouched and never parses it, so it needs no JSON library.
 */
public record Metadata(String json) {
    public Metadata {
        if (json == null) {
            throw new IllegalArgumentException("Metadata.json: null (expected: the JSON text of an object)");
        }
    }
}
