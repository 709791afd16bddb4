package com.securevox.call.media;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One call as the SFU side knows it: its mode, its room and its members. Confined to {@link SfuCalls}'s thread. */
final class SfuCall {
    final String sessionId;
    /** Its media is encrypted end to end (the registry holds every participant to it): the SFU forwards ciphertext. */
    boolean e2ee;

    MediaMode mode = MediaMode.MESH;
    /** The room while the call is on the SFU; null otherwise, and while the SFU is being recovered. */
    RoomId room;
    /** Completes when {@link #room} exists in the SFU; every operation on the room waits for it. */
    CompletableFuture<Void> roomReady;
    /** The SFU was lost while this call used it: recreate the room and reset the clients when it is back. */
    boolean awaitingEngine;
    /** userId → member, in join order; sized for a call of two, like the registry's calls. */
    final Map<String, SfuMember> members = new LinkedHashMap<>(4);
    /** Feeds published in the room now, with their streams. */
    final Map<FeedId, List<PublishedStream>> feeds = new LinkedHashMap<>(4);

    ActiveSpeakers speakers;
    /** Its recording while it is recorded; null otherwise. */
    Take take;

    /** Its share of {@link SfuIndex}'s totals as last counted, so that a recount changes the totals by the difference. */
    int countedRoom;

    int countedPublishers;
    int countedSubscribers;

    private int nextParticipant;

    SfuCall(String sessionId) {
        this.sessionId = sessionId;
    }

    /** A participant id never used before in this call, so a late event about an old presence cannot match. */
    String newParticipantId() {
        return "p" + ++nextParticipant;
    }

    boolean allCapable() {
        return members.values().stream().allMatch(m -> m.capable);
    }

    Optional<SfuMember> memberOf(MediaParticipant participant) {
        return members.values().stream()
                .filter(m -> participant.equals(m.media))
                .findFirst();
    }

    Optional<SfuMember> publisherOf(FeedId feed) {
        return members.values().stream()
                .filter(m -> m.media != null && m.media.feed().equals(feed))
                .findFirst();
    }
}
