package com.securevox.call.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.media.FeedStream;
import com.securevox.call.media.IceCandidate;
import com.securevox.call.media.MediaError;
import com.securevox.call.media.MediaEvent;
import com.securevox.call.media.MediaException;
import com.securevox.call.media.MediaParticipant;
import com.securevox.call.media.PeerLink;
import com.securevox.call.media.SessionDescription;
import com.securevox.call.media.SimulcastLayer;
import com.securevox.call.media.SubscribedStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant in Janus: its own session, with a publisher handle (joined to the room as the participant, even
 * before it publishes, because its {@code private_id} is what its subscription must show) and, once it subscribes, a
 * multistream subscriber handle. Both are created on the first operation that needs them.
 *
 * <p>Operations run one after the other, each after the previous one is answered: Janus takes a handle's requests in
 * order, and this keeps, say, a trickle from overtaking the offer it belongs to, or a subscription from being asked
 * for twice while the first is being set up. Confined to the client's thread.
 */
final class Peer {
    private static final Logger log = LoggerFactory.getLogger(Peer.class);

    private final MediaParticipant who;
    /** Its room is end-to-end encrypted: its offers must say so, or the VideoRoom refuses to let it publish. */
    private final boolean e2ee;

    private final JanusClient client;
    private final VideoRoomDecoder decoder;
    private final Consumer<MediaEvent> emit;
    private final Consumer<String> sessionGone;

    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private long session;
    private long publisher;
    private long privateId;
    private long subscriber;
    private boolean publishing;

    /** {@code sessionGone} is told when Janus drops the participant's session (it timed out, or Janus lost it). */
    Peer(
            MediaParticipant who,
            boolean e2ee,
            JanusClient client,
            VideoRoomDecoder decoder,
            Consumer<MediaEvent> emit,
            Consumer<String> sessionGone) {
        this.who = who;
        this.e2ee = e2ee;
        this.client = client;
        this.decoder = decoder;
        this.emit = emit;
        this.sessionGone = sessionGone;
    }

    /** Its publisher handle once it publishes; on the client's thread, like every other use of its state. */
    Optional<PublisherHandle> publisherHandle() {
        return publishing && session != 0 && publisher != 0
                ? Optional.of(new PublisherHandle(who, session, publisher))
                : Optional.empty();
    }

    CompletableFuture<SessionDescription> publish(SessionDescription offer) {
        if (offer.type() != SessionDescription.Type.OFFER) {
            return CompletableFuture.failedFuture(new MediaException(
                    MediaError.REFUSED, "publish: an " + offer.type() + " (expected: the client's OFFER)"));
        }
        return enqueue(() -> joined().thenCompose(ignored -> {
            String what = publishing ? "configure (renegotiation)" : "publish";
            ObjectNode body = publishing ? VideoRoomRequests.configurePublisher() : VideoRoomRequests.publish();
            return client.message(
                            session, publisher, body, Optional.of(Jsep.of(offer).encrypted(e2ee)))
                    .thenApply(reply -> {
                        decoder.expect(reply, what, VideoRoomEvent.Done.class);
                        Jsep answer = reply.jsep()
                                .filter(jsep -> jsep.type() == SessionDescription.Type.ANSWER)
                                .orElseThrow(() -> new JanusProtocolException(what + ": no SDP answer from Janus"));
                        publishing = true;
                        return answer.description();
                    });
        }));
    }

    CompletableFuture<Void> subscribe(List<FeedStream> feeds) {
        return enqueue(() -> joined().thenCompose(ignored -> {
            if (subscriber != 0) {
                return client.message(session, subscriber, VideoRoomRequests.subscribe(feeds), Optional.empty())
                        .thenAccept(reply -> subscriptionChanged(reply, "subscribe"));
            }
            return client.attach(session, VideoRoomDecoder.PLUGIN, this::subscriberEvent)
                    .thenCompose(handle -> {
                        subscriber = handle;
                        ObjectNode join = VideoRoomRequests.joinSubscriber(who.room(), privateId, feeds);
                        return client.message(session, handle, join, Optional.empty());
                    })
                    .thenAccept(reply -> {
                        VideoRoomEvent.Attached attached =
                                decoder.expect(reply, "subscribe (join)", VideoRoomEvent.Attached.class);
                        offer(reply.jsep(), attached.streams(), "subscribe (join)");
                    })
                    .whenComplete((done, error) -> {
                        if (error != null && subscriber != 0) {
                            // A handle that did not join cannot be used again: the next subscribe starts over.
                            client.detach(session, subscriber);
                            subscriber = 0;
                        }
                    });
        }));
    }

    CompletableFuture<Void> unsubscribe(List<FeedStream> feeds) {
        return enqueue(() -> {
            if (subscriber == 0) {
                return CompletableFuture.completedFuture(null);
            }
            return client.message(session, subscriber, VideoRoomRequests.unsubscribe(feeds), Optional.empty())
                    .thenAccept(reply -> subscriptionChanged(reply, "unsubscribe"));
        });
    }

    CompletableFuture<Void> answerSubscription(SessionDescription answer) {
        if (answer.type() != SessionDescription.Type.ANSWER) {
            return CompletableFuture.failedFuture(new MediaException(
                    MediaError.REFUSED,
                    "answerSubscription: an " + answer.type() + " (expected: the client's ANSWER)"));
        }
        return enqueue(() -> subscription("answerSubscription")
                .thenCompose(handle ->
                        client.message(session, handle, VideoRoomRequests.start(), Optional.of(Jsep.of(answer))))
                .thenAccept(reply -> decoder.expect(reply, "start", VideoRoomEvent.Done.class)));
    }

    CompletableFuture<Void> trickle(PeerLink link, IceCandidate candidate) {
        return enqueue(() -> {
            CompletableFuture<Long> handle =
                    switch (link) {
                        case PUBLISHER -> joined().thenApply(ignored -> publisher);
                        case SUBSCRIBER -> subscription("trickle");
                    };
            return handle.thenCompose(id -> client.trickle(session, id, VideoRoomRequests.candidate(candidate)));
        });
    }

    CompletableFuture<Void> record(String fileBase) {
        return enqueue(() -> joined().thenCompose(ignored ->
                        client.message(session, publisher, VideoRoomRequests.record(fileBase), Optional.empty()))
                .thenAccept(reply -> decoder.expect(reply, "configure (record)", VideoRoomEvent.Done.class)));
    }

    CompletableFuture<Void> stopRecording() {
        return enqueue(() -> {
            if (publisher == 0) {
                return CompletableFuture.completedFuture(null);
            }
            return client.message(session, publisher, VideoRoomRequests.stopRecording(), Optional.empty())
                    .thenAccept(
                            reply -> decoder.expect(reply, "configure (stop recording)", VideoRoomEvent.Done.class));
        });
    }

    CompletableFuture<Void> setVideo(String mid, boolean on) {
        return enqueue(() -> subscription("setVideo")
                .thenCompose(
                        handle -> client.message(session, handle, VideoRoomRequests.send(mid, on), Optional.empty()))
                .thenAccept(reply -> decoder.expect(reply, "configure (send)", VideoRoomEvent.Done.class)));
    }

    CompletableFuture<Void> setLayer(String mid, SimulcastLayer layer) {
        return enqueue(() -> subscription("setLayer")
                .thenCompose(handle ->
                        client.message(session, handle, VideoRoomRequests.layer(mid, layer), Optional.empty()))
                .thenAccept(reply -> decoder.expect(reply, "configure (layer)", VideoRoomEvent.Done.class)));
    }

    /**
     * Ends the participant's handles and session, after whatever was asked before. No VideoRoom {@code leave} first:
     * in Janus 1.1.2 it takes the participant out of the room before its PeerConnection is hung up, and a hangup
     * without a room skips the {@code autoupdate} of its subscribers, who would keep its m-lines with no new offer.
     * Detaching hangs up first, then leaves. Never fails: a session Janus cannot end now ends by itself once its
     * keepalives stop.
     */
    CompletableFuture<Void> leave() {
        return enqueue(() -> {
            if (session == 0) {
                return CompletableFuture.completedFuture(null);
            }
            long ending = session;
            CompletableFuture<?> steps = CompletableFuture.completedFuture(null);
            for (long handle : new long[] {subscriber, publisher}) {
                if (handle != 0) {
                    steps = steps.handle((ignored, error) -> null)
                            .thenCompose(ignored -> client.detach(ending, handle));
                }
            }
            session = 0;
            publisher = 0;
            subscriber = 0;
            return steps.handle((ignored, error) -> null)
                    .thenCompose(ignored -> client.destroySession(ending))
                    .handle((ignored, error) -> {
                        if (error != null) {
                            log.debug("leaving Janus for {} did not complete: {}", who.id(), error.getMessage());
                        }
                        return null;
                    });
        });
    }

    /** Ends the session without leaving the room first: the room is being destroyed anyway. */
    void drop() {
        if (session != 0) {
            client.destroySession(session);
            session = 0;
        }
    }

    private <T> CompletableFuture<T> enqueue(Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> next = tail.handle((ignored, error) -> null).thenCompose(ignored -> operation.get());
        tail = next;
        return next;
    }

    /** The session and publisher handle, joined to the room as the participant; made on first use. */
    private CompletableFuture<Void> joined() {
        if (session != 0) {
            return CompletableFuture.completedFuture(null);
        }
        return client.createSession(sessionGone)
                .thenCompose(created -> {
                    session = created;
                    return client.attach(created, VideoRoomDecoder.PLUGIN, this::publisherEvent);
                })
                .thenCompose(handle -> {
                    publisher = handle;
                    ObjectNode join = VideoRoomRequests.joinPublisher(who.room(), who.id(), who.userId());
                    return client.message(session, handle, join, Optional.empty());
                })
                .thenAccept(reply -> {
                    privateId = decoder.expect(reply, "join", VideoRoomEvent.Joined.class)
                            .privateId();
                })
                .whenComplete((ignored, error) -> {
                    if (error != null && session != 0) {
                        // Half set up is no use; the next operation starts over.
                        client.destroySession(session);
                        session = 0;
                        publisher = 0;
                    }
                });
    }

    private CompletableFuture<Long> subscription(String what) {
        if (subscriber == 0) {
            return CompletableFuture.failedFuture(new MediaException(
                    MediaError.NOT_FOUND, what + ": " + who.id() + " has no subscription (expected: subscribe first)"));
        }
        return CompletableFuture.completedFuture(subscriber);
    }

    /** The answer to subscribe/unsubscribe: an offer now, none needed, or one later ({@code updating}). */
    private void subscriptionChanged(JanusClient.PluginReply reply, String what) {
        VideoRoomEvent event = decoder.decode(reply.data(), true);
        if (event instanceof VideoRoomEvent.Failed failed) {
            throw new JanusErrorException(what, failed.code(), failed.reason());
        }
        if (event instanceof VideoRoomEvent.Updated updated) {
            updated.streams().ifPresent(streams -> offer(reply.jsep(), streams, what));
        } else if (!(event instanceof VideoRoomEvent.Updating)) {
            throw new JanusProtocolException(
                    what + ": Janus answered " + event.getClass().getSimpleName() + " (expected: Updated or Updating)");
        }
    }

    private void offer(Optional<Jsep> jsep, List<VideoRoomEvent.SubscriberStream> streams, String what) {
        Jsep offer = jsep.filter(sdp -> sdp.type() == SessionDescription.Type.OFFER)
                .orElseThrow(() -> new JanusProtocolException(what + ": no SDP offer from Janus"));
        emit.accept(new MediaEvent.SubscriberOffer(
                who, offer.description(), streams.stream().map(Peer::subscribed).toList()));
    }

    private static SubscribedStream subscribed(VideoRoomEvent.SubscriberStream stream) {
        return new SubscribedStream(
                stream.mid(),
                stream.feedId().flatMap(RoomMonitor::feed).orElse(null),
                stream.feedMid().orElse(null),
                stream.type(),
                stream.feedDescription().orElse(null));
    }

    private void publisherEvent(JanusMessage message) {
        linkEvent(PeerLink.PUBLISHER, message);
    }

    private void subscriberEvent(JanusMessage message) {
        if (message instanceof JanusMessage.Event event) {
            // With autoupdate, Janus renegotiates by itself when a feed leaves, and sends the offer it had postponed
            // (after "updating") once the previous one is answered.
            try {
                VideoRoomEvent update =
                        decoder.decode(event.plugin(), event.transaction().isPresent());
                if (update instanceof VideoRoomEvent.Updated updated
                        && updated.streams().isPresent()) {
                    offer(event.jsep(), updated.streams().get(), "subscription update");
                } else if (update instanceof VideoRoomEvent.Failed failed) {
                    log.warn("Janus reported error {} on the subscription of {}", failed.code(), who.id());
                }
            } catch (JanusProtocolException e) {
                log.warn("unreadable subscriber event from Janus for {}: {}", who.id(), e.getMessage());
            }
            return;
        }
        linkEvent(PeerLink.SUBSCRIBER, message);
    }

    /**
     * What the core says about one of the participant's PeerConnections. The room events that reach the publisher
     * handle too (publishers, talking...) are the monitor's to report, once per room.
     */
    private void linkEvent(PeerLink link, JanusMessage message) {
        switch (message) {
            case JanusMessage.WebrtcUp _ -> emit.accept(new MediaEvent.LinkUp(who, link));
            case JanusMessage.Hangup hangup -> emit.accept(new MediaEvent.LinkDown(who, link, hangup.reason()));
            case JanusMessage.SlowLink slow ->
                emit.accept(new MediaEvent.SlowLink(
                        who, link, slow.uplink(), slow.mid(), (int) Math.min(slow.lost(), Integer.MAX_VALUE)));
            case JanusMessage.Event _,
                    JanusMessage.Media _,
                    JanusMessage.Detached _,
                    JanusMessage.Trickle _,
                    JanusMessage.Success _,
                    JanusMessage.PluginSuccess _,
                    JanusMessage.ErrorReply _,
                    JanusMessage.Ack _,
                    JanusMessage.Timeout _,
                    JanusMessage.ServerInfo _,
                    JanusMessage.Pong _ -> {}
        }
    }
}
