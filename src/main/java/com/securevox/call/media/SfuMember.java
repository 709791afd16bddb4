package com.securevox.call.media;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Scheduler;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One participant of a call as the SFU side knows it. Confined to {@link SfuCalls}'s thread. */
final class SfuMember {
    final String userId;
    final ConnectionId connection;
    final boolean capable;
    /** Its presence in the SFU room; null while the call is a mesh or the SFU is being recovered. */
    MediaParticipant media;

    boolean publishing;
    boolean subscribed;
    /** Publisher m-line mid → camera or screen, as the client said when it published. */
    final Map<String, String> sources = new HashMap<>();
    /** The streams it was subscribed to (asked for; the SFU's offer may still be on its way). */
    final Set<FeedStream> wanted = new LinkedHashSet<>();
    /** What its subscriber connection carries, from the latest offer. */
    List<RemoteStream> streams = List.of();
    /** How large it shows each other user's video. */
    final Map<String, View> views = new HashMap<>();
    /** Subscriber mid → the layer it should receive, the one last asked of the SFU, when, and a pending change. */
    final Map<String, SimulcastLayer> wantedLayers = new HashMap<>();

    final Map<String, SimulcastLayer> sentLayers = new HashMap<>();
    final Map<String, Instant> layerSentAt = new HashMap<>();
    final Map<String, Scheduler.Cancellable> layerTimers = new HashMap<>();
    /** Until when its downlink counts as losing packets, and how badly (see {@link Layers#forView}). */
    Instant slowUntil = Instant.MIN;

    int lossLevel;
    /** Subscriber mids whose video it does not receive now (audio only for that participant). */
    final Set<String> videoOff = new HashSet<>();

    SfuMember(String userId, ConnectionId connection, boolean capable) {
        this.userId = userId;
        this.connection = connection;
        this.capable = capable;
    }

    /** Forgets its presence in the SFU and all that came with it (the SFU side is ended by the caller). */
    void endPresence() {
        media = null;
        publishing = false;
        subscribed = false;
        streams = List.of();
        wanted.clear();
        forgetLayers();
    }

    /** A new presence in the SFU, or an m-line that now carries someone else, starts from the SFU's own layer. */
    void forgetLayers() {
        layerTimers.values().forEach(Scheduler.Cancellable::cancel);
        layerTimers.clear();
        sentLayers.clear();
        layerSentAt.clear();
        wantedLayers.clear();
        videoOff.clear();
    }
}
