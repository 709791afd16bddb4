package com.securevox.call.media;

import java.util.Objects;

/**
 * One m-line of a subscriber connection: {@code mid} on the subscriber's side carries stream {@code feedMid} of
 * publisher {@code feed}; {@code kind} is {@code audio}, {@code video} or {@code data}. {@code feed} is null for an
 * m-line that carries nothing now (a publisher left and the SFU kept its slot).
 */
public record SubscribedStream(String mid, FeedId feed, String feedMid, String kind, String description) {
    public SubscribedStream {
        Objects.requireNonNull(mid, "mid: null (expected: the subscriber m-line's mid)");
        Objects.requireNonNull(kind, "kind: null (expected: audio, video or data)");
    }
}
