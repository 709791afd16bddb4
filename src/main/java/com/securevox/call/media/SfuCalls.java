package com.securevox.call.media;

import com.securevox.call.call.CallEvent;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallJournal;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Outbox;
import com.securevox.call.call.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFU side of every call: decides when a call's media goes through the SFU ({@link MediaPolicy}), keeps each
 * call's room and each participant's presence in it, subscribes everyone to everyone else's feeds as they appear,
 * turns the SFU's reports into client events ({@link MediaSignals}) and recovers the rooms when the SFU restarts.
 * Every change of a call's mode goes to the {@link MediaJournal} (the history).
 *
 * <p>It learns about calls the way history does, from the registry's events and facts ({@link #observing}, {@link
 * #journal}), which the registry emits under the call's lock: they arrive here in the call's order. All state is
 * confined to one {@code actor} executor (a single thread): the entry points only enqueue, and the gateway's
 * completions come back to it, so nothing here blocks a caller or needs a lock.
 */
public final class SfuCalls implements MediaListener {
    private static final Logger log = LoggerFactory.getLogger(SfuCalls.class);
    /** How long a subscriber that lost packets gets the low layer. */
    static final Duration SLOW_LINK_HOLD = Duration.ofSeconds(10);

    private final SfuGateway gateway;
    private final MediaSignals signals;
    private final MediaJournal modeJournal;
    private final MediaPolicy policy;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Executor actor;
    /** Written by signaling threads before a join; read when the registry reports the join. */
    private final Map<ConnectionId, Boolean> capable = new ConcurrentHashMap<>();
    /** sessionId → mode, for the stats endpoint (any thread). */
    private final Map<String, MediaMode> modes = new ConcurrentHashMap<>();

    private final SfuIndex index = new SfuIndex();
    private final Subscriptions subscriptions;
    private final Takes takes;
    private final CallRooms rooms;
    private final ActorGate gate;
    private final Moderator moderator;

    public SfuCalls(
            SfuGateway gateway,
            MediaSignals signals,
            MediaJournal modeJournal,
            MediaPolicy policy,
            MediaRecording recording,
            Scheduler scheduler,
            Clock clock,
            Executor actor) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.modeJournal = Objects.requireNonNull(modeJournal, "modeJournal");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.actor = Objects.requireNonNull(actor, "actor");
        this.subscriptions = new Subscriptions(gateway, signals, clock, index, scheduler, actor);
        this.takes = new Takes(gateway, signals, Objects.requireNonNull(recording, "recording"), clock, actor);
        this.rooms = new CallRooms(gateway, signals, policy, recording, index, scheduler, actor);
        this.gate = new ActorGate(index, actor);
        this.moderator = new Moderator(gateway, index);
    }

    // ---- what signaling and the registry tell us (any thread; only enqueue) ----

    /** Before a connection joins: whether it declared it can use the SFU. */
    public void declare(ConnectionId connection, boolean sfuCapable) {
        capable.put(connection, sfuCapable);
    }

    /** The connection is gone (its participant, if any, is handled through the registry's facts). */
    public void forget(ConnectionId connection) {
        capable.remove(connection);
    }

    /** Wraps the registry's outbox: joins are seen here in the call's order. */
    public Outbox observing(Outbox next) {
        return new Outbox() {
            @Override
            public void deliver(ConnectionId to, CallEvent event) {
                next.deliver(to, event);
                if (event instanceof CallEvent.Joined joined) {
                    boolean sfu = capable.getOrDefault(to, false);
                    actor.execute(() -> joined(to, joined, sfu));
                } else if (event instanceof CallEvent.MuteRequested mute) {
                    actor.execute(() -> moderator.requested(to, mute.kind()));
                }
            }

            // A relayed signal is nothing media watches; what becomes of it when the socket is gone is the next's.
            @Override
            public void deliver(ConnectionId to, CallEvent.Relayed relayed, Runnable undelivered) {
                next.deliver(to, relayed, undelivered);
            }
        };
    }

    /** The registry's facts: leaves and ends are seen here in the call's order. */
    public CallJournal journal() {
        return fact -> {
            switch (fact) {
                case CallFact.ParticipantLeft left -> actor.execute(() -> left(left.sessionId(), left.userId()));
                case CallFact.CallEnded ended -> actor.execute(() -> ended(ended.sessionId()));
                case CallFact.CallStarted started -> {}
                // Its media room, if it had one, was the other node's: participants publish again as they come back.
                case CallFact.CallResumed resumed -> {}
                case CallFact.ParticipantJoined joined -> {}
                // A participant away keeps its feeds until it leaves: it may come back within the grace.
                case CallFact.ParticipantAway away -> {}
                case CallFact.ParticipantBack back -> {}
                case CallFact.ParticipantUpdated updated ->
                    actor.execute(() -> moderator.updated(updated.sessionId(), updated.participant()));
            }
        };
    }

    /**
     * The call went on on another node without ending (its lease was taken): its room here, if any, is closed as at
     * the call's end (a recording of it stops), since no {@link CallFact.CallEnded} will come. Its participants
     * publish again where the call is now.
     */
    public void letGo(String sessionId) {
        actor.execute(() -> ended(sessionId));
    }

    @Override
    public void onEvent(MediaEvent event) {
        actor.execute(() -> handle(event));
    }

    // ---- what clients ask (any thread) ----

    /**
     * The client's offer for its publisher connection; {@code sources} says which of its mids carry the camera and
     * which the screen.
     */
    public CompletionStage<SessionDescription> publish(
            ConnectionId connection, SessionDescription offer, Map<String, String> sources) {
        return gate.member(connection, (call, member) -> {
            member.sources().putAll(sources);
            MediaParticipant media = member.media;
            return call.roomReady
                    .thenCompose(ready -> gateway.publish(media, offer))
                    .whenCompleteAsync(
                            (answer, failure) -> {
                                if (failure == null && media.equals(member.media) && !member.publishing) {
                                    member.publishing = true;
                                    index.count(call);
                                    takes.published(call, member);
                                }
                            },
                            actor);
        });
    }

    /** The client's answer to its latest {@code sfu_offer}. */
    public CompletionStage<Void> answer(ConnectionId connection, SessionDescription answer) {
        return gate.member(connection, (call, member) -> {
            MediaParticipant media = member.media;
            return gateway.answerSubscription(media, answer)
                    .whenCompleteAsync(
                            (ok, failure) -> {
                                if (failure == null && media.equals(member.media)) {
                                    subscriptions.applyLayers(member);
                                }
                            },
                            actor);
        });
    }

    public CompletionStage<Void> trickle(ConnectionId connection, PeerLink link, IceCandidate candidate) {
        return gate.member(connection, (call, member) -> {
            MediaParticipant media = member.media;
            return call.roomReady.thenCompose(ready -> gateway.trickle(media, link, candidate));
        });
    }

    /** How large the client shows each other participant; the layers it receives follow. */
    public CompletionStage<Void> view(ConnectionId connection, List<View> views) {
        return gate.member(connection, (call, member) -> {
            for (View view : views) {
                member.views().put(view.userId(), view);
            }
            subscriptions.applyLayers(member);
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * Records the call from now on (a mesh in {@link MediaSetting#AUTO} moves to the SFU for it).
     *
     * @param by who asked: a host's userId, {@code api} for the backend
     * @return the recording's id
     */
    public CompletionStage<String> startRecording(String sessionId, String by) {
        String id = takes.newId();
        return gate.call(sessionId, call -> {
            Takes.refuseIfEncrypted(call);
            if (!takes.enabled()) {
                throw new MediaException(MediaError.UNAVAILABLE, "recording is off: the SFU has no recordings folder");
            }
            if (call.take == null && call.mode == MediaMode.MESH) {
                boolean sfuUp = gateway.status() == SfuStatus.UP;
                if (policy.decide(call.mode, call.members.size(), call.allCapable(), sfuUp, true) != MediaMode.SFU) {
                    throw new MediaException(MediaError.UNAVAILABLE, whyNotSfu(call, sfuUp));
                }
            }
            if (call.take == null) {
                takes.refuseIfNoRoom(call);
            }
            takes.start(call, id, by);
            decide(call);
            return id;
        });
    }

    /** Stops recording the call; its files are made next. @return the recording's id */
    public CompletionStage<String> stopRecording(String sessionId) {
        return gate.call(sessionId, call -> takes.stop(call, null));
    }

    /**
     * Stops every recording in progress, each marked partial with {@code lost} (the disk is filling up); any thread,
     * only enqueues.
     */
    public void stopAllRecordings(String lost) {
        actor.execute(() -> index.calls().stream()
                .filter(call -> call.take != null)
                .toList()
                .forEach(call -> takes.stop(call, lost)));
    }

    public Optional<MediaMode> mode(String sessionId) {
        return Optional.ofNullable(modes.get(sessionId));
    }

    public int rooms() {
        return index.rooms();
    }

    /** The call whose SFU room {@code room} is, while it is open; any thread. */
    public Optional<String> sessionOf(RoomId room) {
        return index.sessionOf(room);
    }

    public int publishers() {
        return index.publishers();
    }

    public int subscribers() {
        return index.subscribers();
    }

    // ---- the calls (actor thread) ----

    private void joined(ConnectionId connection, CallEvent.Joined event, boolean sfuCapable) {
        SfuCall call = index.open(event.sessionId());
        call.e2ee = event.e2ee();
        String userId = event.self().userId();
        SfuMember previous = call.members.remove(userId);
        if (previous != null) {
            // A reconnect or a replace: the old connection's media goes with it, the client publishes afresh.
            drop(call, previous);
        }
        SfuMember member = new SfuMember(userId, connection, sfuCapable);
        call.members.put(userId, member);
        index.connected(connection, call);
        boolean recorded = call.take != null;
        boolean moved = decide(call);
        if (recorded && call.take != null) {
            // After decide: a newcomer that takes the call off the SFU ends its recording instead.
            takes.joined(call, member);
        }
        if (!moved && sfuCapable) {
            if (call.mode == MediaMode.SFU) {
                enter(call, member);
            } else {
                signals.mediaMode(connection, call.sessionId, MediaMode.MESH);
            }
        }
    }

    private void left(String sessionId, String userId) {
        SfuCall call = index.call(sessionId).orElse(null);
        SfuMember member = call == null ? null : call.members.remove(userId);
        if (member == null) {
            return;
        }
        drop(call, member);
        if (call.speakers != null) {
            call.speakers.gone(userId);
        }
        decide(call);
    }

    private void ended(String sessionId) {
        SfuCall call = index.remove(sessionId).orElse(null);
        if (call == null) {
            return;
        }
        modes.remove(sessionId);
        if (call.take != null) {
            takes.stop(call, null);
        }
        call.members.values().forEach(member -> drop(call, member));
        rooms.close(call);
        index.count(call);
    }

    /** Moves the call to the mode the policy says; whether it moved. */
    private boolean decide(SfuCall call) {
        MediaMode next = policy.decide(
                call.mode, call.members.size(), call.allCapable(), gateway.status() == SfuStatus.UP, call.take != null);
        modes.put(call.sessionId, next);
        if (next == call.mode) {
            return false;
        }
        log.info(
                "media call={} {} -> {} participants={}",
                call.sessionId,
                call.mode.wireName(),
                next.wireName(),
                call.members.size());
        call.mode = next;
        modeJournal.mediaChanged(call.sessionId, next);
        switch (next) {
            case SFU -> {
                rooms.open(call);
                if (call.take == null && takes.recordAll() && !call.e2ee) {
                    takes.startForAll(call);
                }
                call.members.values().forEach(member -> enter(call, member));
            }
            case MESH -> {
                if (call.take != null) {
                    takes.stop(
                            call,
                            "the call went peer to peer (" + whyNotSfu(call, gateway.status() == SfuStatus.UP)
                                    + ") and could not be recorded from then on");
                }
                // Everyone is told before any presence is dropped: the first client told offers to the
                // others at once, and one that gets that offer before its own media_mode drops it.
                for (SfuMember member : call.members.values()) {
                    if (member.capable) {
                        signals.mediaMode(member.connection, call.sessionId, MediaMode.MESH);
                    }
                }
                call.members.values().forEach(member -> drop(call, member));
                rooms.close(call);
            }
        }
        index.count(call);
        return true;
    }

    /** Gives the member a presence in the room and tells it to publish and subscribe. */
    private void enter(SfuCall call, SfuMember member) {
        member.media = new MediaParticipant(call.room, call.newParticipantId(), member.userId);
        signals.mediaMode(member.connection, call.sessionId, MediaMode.SFU);
        if (call.speakers != null && !call.speakers.current().isEmpty()) {
            signals.activeSpeakers(member.connection, call.sessionId, call.speakers.current());
        }
        member.wanted().clear();
        member.forgetLayers();
        subscriptions.sync(call, member);
    }

    /** Ends the member's presence in the room (if any). */
    private void drop(SfuCall call, SfuMember member) {
        index.disconnected(member.connection, call);
        MediaParticipant media = member.media;
        takes.dropped(call, media);
        member.endPresence();
        if (media != null && call.roomReady != null) {
            call.feeds.remove(media.feed());
            call.roomReady.thenCompose(ok -> gateway.leave(media)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    log.debug("media {} did not leave cleanly: {}", media, failure.toString());
                }
            });
        }
        index.count(call);
    }

    // ---- what the SFU reports (actor thread) ----

    private void handle(MediaEvent event) {
        switch (event) {
            case MediaEvent.FeedPublished published ->
                inRoom(published.room(), call -> {
                    boolean added = call.feeds.put(published.feed(), published.streams()) == null;
                    log.debug(
                            "media call={} feed={} published added={}",
                            call.sessionId,
                            published.feed().value(),
                            added);
                    for (SfuMember member : call.members.values()) {
                        if (member.media != null && !member.media.feed().equals(published.feed())) {
                            subscriptions.sync(call, member);
                        }
                    }
                    moderator.published(call, published.feed());
                });
            case MediaEvent.FeedUnpublished unpublished ->
                inRoom(unpublished.room(), call -> {
                    // The SFU takes a gone publisher's streams out of every subscription by itself.
                    call.feeds.remove(unpublished.feed());
                    call.members.values().forEach(member -> member.wanted()
                            .removeIf(f -> f.feed().equals(unpublished.feed())));
                });
            case MediaEvent.SubscriberOffer offer -> subscriptions.offered(offer);
            case MediaEvent.Talking talking ->
                inRoom(talking.room(), call -> call.publisherOf(talking.feed()).ifPresent(member -> {
                    if (call.speakers != null) {
                        call.speakers.talking(member.userId, talking.talking());
                    }
                }));
            case MediaEvent.SlowLink slow -> {
                if (slow.link() == PeerLink.SUBSCRIBER) {
                    member(slow.participant()).ifPresent(member -> {
                        Instant now = clock.instant();
                        // Slow again while the last one holds: one step further down (the low layer, then audio only).
                        member.lossLevel = now.isBefore(member.slowUntil) ? Math.min(2, member.lossLevel + 1) : 1;
                        member.slowUntil = now.plus(SLOW_LINK_HOLD);
                        subscriptions.applyLayers(member);
                        scheduler.schedule(
                                SLOW_LINK_HOLD,
                                () -> actor.execute(() -> {
                                    if (slow.participant().equals(member.media)) {
                                        subscriptions.applyLayers(member);
                                    }
                                }));
                    });
                }
            }
            case MediaEvent.LinkUp up -> {
                log.debug("media {} {} link up", up.participant(), up.link());
                if (up.link() == PeerLink.SUBSCRIBER) {
                    // A layer chosen before the connection was up may not hold: the SFU sets up its simulcast
                    // state when media starts to flow.
                    member(up.participant()).ifPresent(subscriptions::applyLayers);
                }
            }
            case MediaEvent.LinkDown down ->
                log.info("media {} {} link down: {}", down.participant(), down.link(), down.reason());
            case MediaEvent.EngineLost lost -> engineLost(lost.reason());
            case MediaEvent.EngineReady ready -> engineReady();
        }
    }

    private void engineLost(String reason) {
        log.warn("media the SFU was lost ({}): its rooms are re-created when it is back", reason);
        for (SfuCall call : index.calls()) {
            if (call.mode != MediaMode.SFU) {
                continue;
            }
            call.awaitingEngine = true;
            takes.engineLost(call, reason);
            call.members.values().forEach(SfuMember::endPresence);
            if (call.room != null) {
                index.roomGone(call.room);
            }
            call.room = null;
            call.roomReady = null;
            call.feeds.clear();
            index.count(call);
        }
    }

    private void engineReady() {
        for (SfuCall call : index.calls()) {
            if (call.mode != MediaMode.SFU || !call.awaitingEngine) {
                continue;
            }
            call.awaitingEngine = false;
            if (call.speakers != null) {
                call.speakers.close();
            }
            rooms.open(call);
            log.info("media call={} recovered on a new room after the SFU came back", call.sessionId);
            for (SfuMember member : call.members.values()) {
                member.media = new MediaParticipant(call.room, call.newParticipantId(), member.userId);
                signals.reset(member.connection, call.sessionId, "the SFU restarted");
            }
            index.count(call);
        }
    }

    // ---- helpers (actor thread) ----

    private String whyNotSfu(SfuCall call, boolean sfuUp) {
        if (policy.setting() == MediaSetting.MESH) {
            return "calls are peer to peer only (SECUREVOX_CALL_MEDIA=mesh), and recording needs the SFU";
        }
        if (!call.allCapable()) {
            return "a participant's app cannot use the SFU, which recording needs";
        }
        return sfuUp ? "the call stays peer to peer" : "the SFU is not up";
    }

    private Optional<SfuMember> member(MediaParticipant participant) {
        return index.member(participant);
    }

    private void inRoom(RoomId room, Consumer<SfuCall> action) {
        index.inRoom(room).ifPresent(action);
    }
}
