package com.securevox.call.media;

import java.util.Objects;

/** One stream a publisher sends: its {@code mid}, {@code kind} (audio, video, data), whether it is simulcast. */
public record PublishedStream(String mid, String kind, String description, boolean simulcast) {
    public PublishedStream {
        Objects.requireNonNull(mid, "mid: null (expected: the publisher m-line's mid)");
        Objects.requireNonNull(kind, "kind: null (expected: audio, video or data)");
    }
}
