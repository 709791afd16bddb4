package com.securevox.call.media;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.MediaKind;
import com.securevox.call.call.Scheduler;
import java.time.Instant;
import java.util.EnumSet;
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
    /** What its subscriber connection carries, from the latest offer. */
    List<RemoteStream> streams = List.of();
    /** Until when its downlink counts as losing packets, and how badly (see {@link Layers#forView}). */
    Instant slowUntil = Instant.MIN;

    int lossLevel;

    // The collections below exist only once used: every participant of every call has a member here, and most calls
    // are peer to peer, where none of them is used (eight empty collections were a tenth of a connection's memory).
    private Map<String, String> sources;
    private Set<FeedStream> wanted;
    private Map<String, View> views;
    private Map<String, SimulcastLayer> wantedLayers;
    private Map<String, SimulcastLayer> sentLayers;
    private Map<String, Instant> layerSentAt;
    private Map<String, Scheduler.Cancellable> layerTimers;
    private Set<String> videoOff;
    private Set<MediaKind> moderated;

    SfuMember(String userId, ConnectionId connection, boolean capable) {
        this.userId = userId;
        this.connection = connection;
        this.capable = capable;
    }

    /** Publisher m-line mid → camera or screen, as the client said when it published. */
    Map<String, String> sources() {
        return sources == null ? sources = new HashMap<>() : sources;
    }

    /** The streams it was subscribed to (asked for; the SFU's offer may still be on its way). */
    Set<FeedStream> wanted() {
        return wanted == null ? wanted = new LinkedHashSet<>() : wanted;
    }

    /** How large it shows each other user's video. */
    Map<String, View> views() {
        return views == null ? views = new HashMap<>() : views;
    }

    /** Subscriber mid → the layer it should receive. */
    Map<String, SimulcastLayer> wantedLayers() {
        return wantedLayers == null ? wantedLayers = new HashMap<>() : wantedLayers;
    }

    /** Subscriber mid → the layer last asked of the SFU. */
    Map<String, SimulcastLayer> sentLayers() {
        return sentLayers == null ? sentLayers = new HashMap<>() : sentLayers;
    }

    /** Subscriber mid → when its layer was last asked of the SFU. */
    Map<String, Instant> layerSentAt() {
        return layerSentAt == null ? layerSentAt = new HashMap<>() : layerSentAt;
    }

    /** Subscriber mid → a pending layer change. */
    Map<String, Scheduler.Cancellable> layerTimers() {
        return layerTimers == null ? layerTimers = new HashMap<>() : layerTimers;
    }

    /** Subscriber mids whose video it does not receive now (audio only for that participant). */
    Set<String> videoOff() {
        return videoOff == null ? videoOff = new HashSet<>() : videoOff;
    }

    /** What a host muted and the SFU does not forward (see {@link Moderator}); kept across presences. */
    Set<MediaKind> moderated() {
        return moderated == null ? moderated = EnumSet.noneOf(MediaKind.class) : moderated;
    }

    boolean isModerated() {
        return moderated != null && !moderated.isEmpty();
    }

    /** Forgets its presence in the SFU and all that came with it (the SFU side is ended by the caller). */
    void endPresence() {
        media = null;
        publishing = false;
        subscribed = false;
        streams = List.of();
        wanted = null;
        forgetLayers();
    }

    /** A new presence in the SFU, or an m-line that now carries someone else, starts from the SFU's own layer. */
    void forgetLayers() {
        if (layerTimers != null) {
            layerTimers.values().forEach(Scheduler.Cancellable::cancel);
        }
        layerTimers = null;
        sentLayers = null;
        layerSentAt = null;
        wantedLayers = null;
        videoOff = null;
    }
}
