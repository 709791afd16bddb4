package com.securevox.call.media;

import java.util.Objects;

/**
 * One m-line of a participant's subscriber connection, as a client sees it: m-line {@code mid} carries the {@code
 * kind} (audio or video) of {@code userId}'s {@code source} (camera or screen). {@code userId} is null for an m-line
 * that carries nothing now.
 */
public record RemoteStream(String mid, String userId, String kind, String source) {
    public RemoteStream {
        Objects.requireNonNull(mid, "mid: null (expected: the m-line's mid)");
        Objects.requireNonNull(kind, "kind: null (expected: audio or video)");
        Objects.requireNonNull(source, "source: null (expected: camera or screen)");
    }
}
