package com.securevox.call.media;

/** A publisher's id in a room: the {@link MediaParticipant#id()} of the participant who publishes it. */
public record FeedId(String value) {
    public FeedId {
        MediaParticipant.checkId("FeedId.value", value);
    }
}
