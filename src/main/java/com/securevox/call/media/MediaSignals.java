package com.securevox.call.media;

import com.securevox.call.call.ConnectionId;
import java.util.List;

/**
 * What the SFU side of a call tells clients; implemented by signaling. Like {@link com.securevox.call.call.Outbox},
 * an implementation only enqueues: it never blocks and never throws.
 */
public interface MediaSignals {

    /** {@code media_mode}: the call's media now goes this way. */
    void mediaMode(ConnectionId to, String sessionId, MediaMode mode);

    /** {@code sfu_offer}: a new offer for the client's subscriber connection, with what each m-line carries. */
    void subscriberOffer(ConnectionId to, String sessionId, SessionDescription offer, List<RemoteStream> streams);

    /** {@code active_speakers}: who speaks now, the most recent first. */
    void activeSpeakers(ConnectionId to, String sessionId, List<String> userIds);

    /** {@code recording_state}: whether the call is recorded now, by whom, and the recording's id. */
    void recordingState(ConnectionId to, String sessionId, boolean recording, String by, String recordingId);

    /** {@code sfu_reset}: the client's connections with the SFU are gone; publish and subscribe again. */
    void reset(ConnectionId to, String sessionId, String reason);
}
