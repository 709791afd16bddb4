package com.securevox.call.media;

import com.securevox.call.call.Scheduler;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and closes a call's SFU room, with what lives as long as the room: its active speakers and, when calls are
 * recorded, the folder the SFU writes into. Called on {@link SfuCalls}'s thread only.
 */
final class CallRooms {
    private static final Logger log = LoggerFactory.getLogger(CallRooms.class);

    private final SfuGateway gateway;
    private final MediaSignals signals;
    private final MediaPolicy policy;
    private final MediaRecording recording;
    private final SfuIndex index;
    private final Scheduler scheduler;
    private final Executor actor;

    CallRooms(
            SfuGateway gateway,
            MediaSignals signals,
            MediaPolicy policy,
            MediaRecording recording,
            SfuIndex index,
            Scheduler scheduler,
            Executor actor) {
        this.gateway = gateway;
        this.signals = signals;
        this.policy = policy;
        this.recording = recording;
        this.index = index;
        this.scheduler = scheduler;
        this.actor = actor;
    }

    /** A new room for the call; operations on it wait for {@link SfuCall#roomReady}. */
    void open(SfuCall call) {
        call.room = RoomId.random();
        index.roomOpened(call.room, call);
        RoomSpec spec = new RoomSpec(
                call.room,
                policy.maxPublishers(),
                policy.bitrate(),
                true,
                call.e2ee ? Optional.empty() : recording.spool(),
                call.e2ee);
        call.roomReady = gateway.openRoom(spec).toCompletableFuture();
        call.roomReady.whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn("media call={} cannot open its SFU room: {}", call.sessionId, failure.toString());
            }
        });
        call.speakers = new ActiveSpeakers(scheduler, actor::execute, userIds -> {
            for (SfuMember member : call.members.values()) {
                signals.activeSpeakers(member.connection, call.sessionId, userIds);
            }
        });
    }

    /** Closes the call's room, if it has one, once it is open. */
    void close(SfuCall call) {
        if (call.room == null) {
            return;
        }
        index.roomGone(call.room);
        RoomId room = call.room;
        call.roomReady.thenCompose(ok -> gateway.closeRoom(room)).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.info("media room {} not closed: {}", room.value(), failure.toString());
            }
        });
        call.room = null;
        call.roomReady = null;
        call.feeds.clear();
        if (call.speakers != null) {
            call.speakers.close();
            call.speakers = null;
        }
    }
}
