package com.securevox.call.media;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The selective forwarding unit, as the call logic sees it. Every operation is asynchronous and never blocks the
 * caller; a failure completes the stage exceptionally with a {@link MediaException}. What the SFU says on its own
 * (a feed published, a subscriber offer, who is talking, a link lost) arrives through the {@link MediaListener} the
 * implementation was built with.
 *
 * <p>A participant has at most two peer connections with the SFU: the one it publishes on ({@link
 * PeerLink#PUBLISHER}, the client offers) and the one it receives everyone else on ({@link PeerLink#SUBSCRIBER}, the
 * SFU offers, always through {@link MediaEvent.SubscriberOffer}, because an engine may merge several subscription
 * changes into one offer).
 */
public interface SfuGateway {

    /** Creates the room; succeeds if it already exists with this id. */
    CompletionStage<Void> openRoom(RoomSpec spec);

    /** Removes the room and everyone's connections in it; succeeds if it does not exist. */
    CompletionStage<Void> closeRoom(RoomId room);

    /**
     * Publishes (first call) or renegotiates (later calls, e.g. adding a screen share) the participant's media.
     *
     * @return the SFU's answer to {@code offer}
     */
    CompletionStage<SessionDescription> publish(MediaParticipant who, SessionDescription offer);

    /**
     * Adds these streams to what the participant receives (creating its subscription on the first call); {@link
     * FeedStream#all} adds every stream a feed publishes now. The offer that results comes as a {@link
     * MediaEvent.SubscriberOffer}. The caller keeps track of what it asked for: asking twice for a stream receives it
     * twice.
     */
    CompletionStage<Void> subscribe(MediaParticipant who, List<FeedStream> streams);

    /** Removes these streams from what the participant receives; the new offer comes as an event. */
    CompletionStage<Void> unsubscribe(MediaParticipant who, List<FeedStream> streams);

    /** The participant's answer to the latest {@link MediaEvent.SubscriberOffer}. */
    CompletionStage<Void> answerSubscription(MediaParticipant who, SessionDescription answer);

    /** A candidate of the participant's side of one link; {@code null} candidate means gathering completed. */
    CompletionStage<Void> trickle(MediaParticipant who, PeerLink link, IceCandidate candidate);

    /** Which simulcast layer of the feed on subscriber m-line {@code mid} the participant receives. */
    CompletionStage<Void> setLayer(MediaParticipant who, String mid, SimulcastLayer layer);

    /**
     * Whether the participant receives the video on subscriber m-line {@code mid} at all; off leaves the m-line in
     * place (audio only for that participant) and on brings it back at the layer last set.
     */
    CompletionStage<Void> setVideo(MediaParticipant who, String mid, boolean on);

    /**
     * Records everything the participant publishes, now and when it adds streams later, into raw files named from
     * {@code fileBase} in the room's {@link RoomSpec#recordings} folder, until {@link #stopRecording} or it leaves.
     * Asked before its media flows, the recording starts with the media.
     */
    CompletionStage<Void> record(MediaParticipant who, String fileBase);

    /** Stops recording the participant; its raw files are complete when the stage completes. */
    CompletionStage<Void> stopRecording(MediaParticipant who);

    /**
     * Stops ({@code muted}) or resumes forwarding what the participant publishes on these publisher m-lines, to
     * everyone, whatever its client sends: a host's mute that needs no cooperation from the muted client. Resuming
     * only lifts this; it does not unmute the client.
     */
    CompletionStage<Void> moderate(MediaParticipant who, List<String> mids, boolean muted);

    /** Ends the participant's connections with the SFU; succeeds if it has none. */
    CompletionStage<Void> leave(MediaParticipant who);

    /** Whether the SFU can be used right now. */
    SfuStatus status();

    /** Rooms open now. */
    int rooms();
}
