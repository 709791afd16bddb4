package com.securevox.call.media;

import java.util.Objects;

/** One stream of a publisher ({@code mid} on the publisher's side), or every stream of it when {@code mid} is null. */
public record FeedStream(FeedId feed, String mid) {
    public FeedStream {
        Objects.requireNonNull(feed, "feed: null (expected: a publisher's feed)");
        if (mid != null && mid.isBlank()) {
            throw new IllegalArgumentException("mid: blank (expected: a publisher m-line's mid, or null for all)");
        }
    }

    /** Every stream the feed publishes. */
    public static FeedStream all(FeedId feed) {
        return new FeedStream(feed, null);
    }
}
