package com.securevox.call.quality;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallJournal;
import com.securevox.call.call.Participant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the registry's facts into the events of each call's time axis: joins, leaves with their reason, mutes and
 * unmutes, sockets away and resumed. A participant update is told even when nothing changed (a client may resend its
 * state), so a mute event is recorded only when a track's state differs from the last one seen for that participant.
 * Events are written like the quality points: queued, in batches, dropped rather than waited for, deleted after the
 * same retention. Called under the call's lock ({@link CallJournal}): only compares and enqueues.
 */
public final class CallTimeline implements CallJournal, AutoCloseable {
    // By call, then user: a call's end forgets its participants in one step. Keyed by (call, user) alone, each end
    // scanned every participant of every call, which made ending all calls at once (a drain) quadratic.
    private final Map<String, Map<String, Muted>> muted = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final QualityWriter<TimelineEvent> writer;

    private record Muted(boolean audio, boolean video) {
        static Muted of(Participant p) {
            return new Muted(p.audioMuted(), p.videoMuted());
        }
    }

    public CallTimeline(TimelineStore store, Clock clock, Duration retention, int queueCapacity) {
        this.writer = new QualityWriter<>(store, "timeline events", clock, retention, queueCapacity, () -> {});
    }

    public void start() {
        writer.start();
    }

    @Override
    public void record(CallFact fact) {
        for (TimelineEvent event : eventsOf(fact)) {
            writer.offer(event);
        }
    }

    /** The events a fact makes, in order; updates the participants' last known mute states. */
    List<TimelineEvent> eventsOf(CallFact fact) {
        List<TimelineEvent> events = new ArrayList<>(2);
        switch (fact) {
            case CallFact.CallStarted f -> {
                // Its first participant's join follows.
            }
            case CallFact.CallResumed f -> {
                // Their sessions began on the node that served the call before: only their states are taken over.
                for (Participant p : f.participants()) {
                    mutedIn(f.sessionId()).put(p.userId(), Muted.of(p));
                }
            }
            case CallFact.ParticipantJoined f -> {
                Participant p = f.participant();
                mutedIn(f.sessionId()).put(p.userId(), Muted.of(p));
                events.add(event(f.sessionId(), p.userId(), f.at(), TimelineKind.JOINED, null));
            }
            case CallFact.ParticipantUpdated f -> {
                Participant p = f.participant();
                Muted now = Muted.of(p);
                Muted before = mutedIn(f.sessionId()).put(p.userId(), now);
                if (before == null || before.audio() != now.audio()) {
                    TimelineKind kind = now.audio() ? TimelineKind.AUDIO_MUTED : TimelineKind.AUDIO_UNMUTED;
                    if (before != null || now.audio()) {
                        events.add(event(f.sessionId(), p.userId(), f.at(), kind, null));
                    }
                }
                if (before == null || before.video() != now.video()) {
                    TimelineKind kind = now.video() ? TimelineKind.VIDEO_MUTED : TimelineKind.VIDEO_UNMUTED;
                    if (before != null || now.video()) {
                        events.add(event(f.sessionId(), p.userId(), f.at(), kind, null));
                    }
                }
            }
            case CallFact.ParticipantAway f ->
                events.add(event(f.sessionId(), f.userId(), f.at(), TimelineKind.AWAY, null));
            case CallFact.ParticipantBack f ->
                events.add(event(f.sessionId(), f.userId(), f.at(), TimelineKind.RESUMED, null));
            case CallFact.ParticipantLeft f -> {
                Map<String, Muted> call = muted.get(f.sessionId());
                if (call != null) {
                    call.remove(f.userId());
                }
                events.add(event(
                        f.sessionId(),
                        f.userId(),
                        f.at(),
                        TimelineKind.LEFT,
                        f.reason().wireName()));
            }
            case CallFact.CallEnded f -> forget(f.sessionId());
        }
        return events;
    }

    /** The call went on on another node: what is known of its participants here is stale. */
    public void moved(String sessionId) {
        forget(sessionId);
    }

    /** Events dropped since start (queue full or database down). */
    public long dropped() {
        return writer.dropped();
    }

    /** How many more events the queue takes now before it drops them. */
    public int room() {
        return writer.room();
    }

    private void forget(String sessionId) {
        muted.remove(sessionId);
    }

    private Map<String, Muted> mutedIn(String sessionId) {
        return muted.computeIfAbsent(sessionId, id -> new ConcurrentHashMap<>());
    }

    private TimelineEvent event(String sessionId, String userId, Instant at, TimelineKind kind, String reason) {
        return new TimelineEvent(sessionId, userId, at, sequence.getAndIncrement(), kind, reason);
    }

    @Override
    public void close() {
        writer.close();
    }
}
