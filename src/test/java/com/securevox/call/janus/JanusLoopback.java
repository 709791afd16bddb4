package com.securevox.call.janus;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.call.Scheduler;
import com.securevox.call.media.SessionDescription;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Janus as the peer of Janus, for tests without a browser: in a side room of its own (with the VideoRoom's dummy
 * publisher, so that something can be subscribed to), a subscriber handle makes real offers and a publisher handle
 * real answers, with real ICE candidates and DTLS behind them. Handing those to the adapter's participants brings up
 * real PeerConnections between two handles of the same Janus over loopback: links come up, feeds become active, and
 * the subscriptions the adapter makes get offers a real peer answers. No media flows (the dummy publisher sends none).
 */
public final class JanusLoopback implements AutoCloseable {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long WAIT_SECONDS = 20;

    private final JanusClient client;
    private final VideoRoomDecoder decoder = new VideoRoomDecoder();
    private final String room = "loopback-" + UUID.randomUUID();
    private final String adminKey;
    private long session;
    private long control;
    private String dummy;
    private long subscriber;

    private JanusLoopback(JanusSettings settings, Scheduler scheduler) {
        this.client = new JanusClient(settings, scheduler, Clock.systemUTC(), reason -> {});
        this.adminKey = settings.adminKey().orElse(null);
    }

    /** Connects on its own connection and makes the side room. */
    public static JanusLoopback open(JanusSettings settings, Scheduler scheduler) throws Exception {
        JanusLoopback loopback = new JanusLoopback(settings, scheduler);
        loopback.start();
        return loopback;
    }

    private void start() throws Exception {
        get(client.connect());
        session = get(client.createSession(reason -> {}));
        control = get(client.attach(session, VideoRoomDecoder.PLUGIN, message -> {}));
        ObjectNode create = NODES.objectNode()
                .put("request", "create")
                .put("room", room)
                .put("permanent", false)
                .put("audiocodec", "opus")
                .put("videocodec", "vp8")
                .put("dummy_publisher", true);
        if (adminKey != null) {
            create.put("admin_key", adminKey);
        }
        decoder.expect(
                get(client.message(session, control, create, Optional.empty())),
                "create",
                VideoRoomEvent.Created.class);
        long lurker = get(client.attach(session, VideoRoomDecoder.PLUGIN, message -> {}));
        ObjectNode join = NODES.objectNode()
                .put("request", "join")
                .put("ptype", "publisher")
                .put("room", room)
                .put("id", "lurker");
        VideoRoomEvent.Joined joined = decoder.expect(
                get(client.message(session, lurker, join, Optional.empty())), "join", VideoRoomEvent.Joined.class);
        dummy = joined.publishers().getFirst().id();
    }

    /** A subscription to the dummy publisher: Janus's offer, to be published by a participant of the adapter. */
    public SessionDescription subscriberOffer() throws Exception {
        subscriber = get(client.attach(session, VideoRoomDecoder.PLUGIN, message -> {}));
        ObjectNode join = NODES.objectNode()
                .put("request", "join")
                .put("ptype", "subscriber")
                .put("room", room);
        join.putArray("streams").addObject().put("feed", dummy);
        JanusClient.PluginReply reply = get(client.message(session, subscriber, join, Optional.empty()));
        decoder.expect(reply, "join (subscriber)", VideoRoomEvent.Attached.class);
        return reply.jsep().orElseThrow().description();
    }

    /** Completes the subscription with the answer the adapter got for publishing its offer. */
    public void answerSubscription(SessionDescription answer) throws Exception {
        decoder.expect(
                get(client.message(
                        session, subscriber, NODES.objectNode().put("request", "start"), Optional.of(Jsep.of(answer)))),
                "start",
                VideoRoomEvent.Done.class);
    }

    /** Answers an offer Janus made to one of the adapter's subscribers, as a publisher in the side room. */
    public SessionDescription publisherAnswer(SessionDescription offer) throws Exception {
        long publisher = get(client.attach(session, VideoRoomDecoder.PLUGIN, message -> {}));
        ObjectNode join = NODES.objectNode()
                .put("request", "join")
                .put("ptype", "publisher")
                .put("room", room)
                .put("id", "answerer-" + publisher);
        decoder.expect(
                get(client.message(session, publisher, join, Optional.empty())), "join", VideoRoomEvent.Joined.class);
        JanusClient.PluginReply reply = get(client.message(
                session, publisher, NODES.objectNode().put("request", "publish"), Optional.of(Jsep.of(offer))));
        decoder.expect(reply, "publish", VideoRoomEvent.Done.class);
        return reply.jsep().orElseThrow().description();
    }

    @Override
    public void close() {
        try {
            get(client.message(
                    session,
                    control,
                    NODES.objectNode().put("request", "destroy").put("room", room),
                    Optional.empty()));
        } catch (Exception e) {
            // Janus may be gone; the room goes with it
        } finally {
            client.close();
        }
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
