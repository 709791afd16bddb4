package com.securevox.call.media;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings of calls on the SFU: has the SFU record every publisher of a recorded call (each presence into its
 * own files), tells everyone in the call (newcomers too) whether it is recorded, and reports to the {@link
 * RecordingSink} which raw files belong to which recording. Called on {@link SfuCalls}'s thread only, which it
 * shares: the SFU's completions come back to it through {@code actor}.
 */
final class Takes {
    private static final Logger log = LoggerFactory.getLogger(Takes.class);

    private final SfuGateway gateway;
    private final MediaSignals signals;
    private final MediaRecording recording;
    private final Clock clock;
    private final Executor actor;

    Takes(SfuGateway gateway, MediaSignals signals, MediaRecording recording, Clock clock, Executor actor) {
        this.gateway = gateway;
        this.signals = signals;
        this.recording = recording;
        this.clock = clock;
        this.actor = actor;
    }

    boolean enabled() {
        return recording.enabled();
    }

    boolean recordAll() {
        return recording.recordAll();
    }

    String newId() {
        return recording.takeIds().get();
    }

    /** Checked before anything else: whatever else holds, the SFU has nothing but ciphertext to record. */
    static void refuseIfEncrypted(SfuCall call) {
        if (call.e2ee) {
            throw new MediaException(
                    MediaError.E2EE_CALL,
                    "call " + call.sessionId + " is end-to-end encrypted: the SFU sees only ciphertext, so it cannot"
                            + " be recorded (expected: a call without e2ee)");
        }
    }

    /** Checked before a recording starts: the SFU would fill the disk and cut the files short without a word. */
    void refuseIfNoRoom(SfuCall call) {
        recording.room().shortage().ifPresent(shortage -> {
            throw new MediaException(
                    MediaError.INSUFFICIENT_STORAGE, "call " + call.sessionId + " cannot be recorded: " + shortage);
        });
    }

    /**
     * SECUREVOX_CALL_RECORD_ALL, as the call moves to the SFU: the server records it, unless the disk has no room; then
     * the recording is made as failed, so the backend learns (its {@code recording.failed} says why), and the
     * participants are told nothing, since nothing is recorded.
     */
    void startForAll(SfuCall call) {
        String id = newId();
        Optional<String> shortage = recording.room().shortage();
        if (shortage.isEmpty()) {
            start(call, id, "server");
            return;
        }
        skip(call, id, shortage.get());
    }

    private void skip(SfuCall call, String id, String shortage) {
        log.warn("recording call={} take={} not started (SECUREVOX_CALL_RECORD_ALL): {}", call.sessionId, id, shortage);
        Instant now = clock.instant();
        recording.sink().recording(new RecordingEvent.Started(id, call.sessionId, "server", now));
        recording.sink().recording(new RecordingEvent.Lost(id, shortage + ": the call was not recorded", now));
        recording.sink().recording(new RecordingEvent.Stopped(id, now));
    }

    /** The call is recorded from now on: everyone is told, and everyone publishing now is recorded. */
    void start(SfuCall call, String id, String by) {
        refuseIfEncrypted(call);
        if (call.take != null) {
            throw new MediaException(
                    MediaError.CONFLICT,
                    "call " + call.sessionId + " is being recorded already (" + call.take.id + ")");
        }
        call.take = new Take(id, by);
        log.info("recording call={} take={} started by {}", call.sessionId, id, by);
        recording.sink().recording(new RecordingEvent.Started(id, call.sessionId, by, clock.instant()));
        for (SfuMember member : call.members.values()) {
            signals.recordingState(member.connection, call.sessionId, true, by, id);
            if (member.publishing) {
                record(call, member);
            }
        }
    }

    /**
     * The recording ends: every file is closed, everyone is told, and the sink learns once the SFU has closed them.
     *
     * @param lost what was not recorded because of how it ended, or null
     */
    String stop(SfuCall call, String lost) {
        Take take = call.take;
        if (take == null) {
            throw new MediaException(MediaError.CONFLICT, "call " + call.sessionId + " is not being recorded");
        }
        call.take = null;
        log.info("recording call={} take={} stopped{}", call.sessionId, take.id, lost == null ? "" : ": " + lost);
        if (lost != null) {
            recording.sink().recording(new RecordingEvent.Lost(take.id, lost, clock.instant()));
        }
        for (SfuMember member : call.members.values()) {
            signals.recordingState(member.connection, call.sessionId, false, take.by, take.id);
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (MediaParticipant media : take.recorded.keySet()) {
            closing.add(gateway.stopRecording(media).toCompletableFuture().exceptionally(failure -> {
                // A presence that is gone had its files closed by the SFU when it left.
                log.debug("recording take={} {} not stopped: {}", take.id, media, failure.toString());
                return null;
            }));
        }
        take.recorded.clear();
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                .whenCompleteAsync(
                        (ok, failure) ->
                                recording.sink().recording(new RecordingEvent.Stopped(take.id, clock.instant())),
                        actor);
        return take.id;
    }

    /** A newcomer learns that the call is recorded. */
    void joined(SfuCall call, SfuMember member) {
        if (call.take != null) {
            signals.recordingState(member.connection, call.sessionId, true, call.take.by, call.take.id);
        }
    }

    /** The member's first publish of its presence succeeded: record it if the call is recorded. */
    void published(SfuCall call, SfuMember member) {
        if (call.take != null) {
            record(call, member);
        }
    }

    /** The member's presence ends (it left, or the call left the SFU): the SFU closes its files as it goes. */
    void dropped(SfuCall call, MediaParticipant media) {
        if (call.take != null && media != null) {
            call.take.recorded.remove(media);
        }
    }

    /** The SFU was lost: whatever it was writing is cut short. */
    void engineLost(SfuCall call, String reason) {
        if (call.take == null) {
            return;
        }
        if (!call.take.recorded.isEmpty()) {
            recording
                    .sink()
                    .recording(new RecordingEvent.Lost(
                            call.take.id,
                            "the SFU stopped (" + reason + "): media until everyone published again",
                            clock.instant()));
        }
        call.take.recorded.clear();
    }

    private void record(SfuCall call, SfuMember member) {
        Take take = call.take;
        MediaParticipant media = member.media;
        String fileBase = take.id + "-" + media.id();
        take.recorded.put(media, fileBase);
        // Reported before the SFU answers: the recording's end may come first (the member leaves, the call ends),
        // and the files, if the SFU writes them, must be part of it.
        recording.sink().recording(new RecordingEvent.Segment(take.id, member.userId, fileBase, clock.instant()));
        call.roomReady
                .thenCompose(ready -> gateway.record(media, fileBase))
                .whenCompleteAsync(
                        (ok, failure) -> {
                            if (failure == null) {
                                return;
                            } else if (call.take == take) {
                                take.recorded.remove(media);
                                // The SFU's failure arrives wrapped by thenCompose: name the SFU's reason.
                                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                        ? failure.getCause()
                                        : failure;
                                recording
                                        .sink()
                                        .recording(new RecordingEvent.Lost(
                                                take.id,
                                                member.userId + "'s media: the SFU did not record it ("
                                                        + cause.getMessage() + ")",
                                                clock.instant()));
                            }
                        },
                        actor);
    }
}
