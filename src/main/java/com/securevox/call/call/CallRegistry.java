package com.securevox.call.call;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * All calls of this server and the rules of joining, leaving, relaying and muting.
 *
 * <p>Thread-safe. Each call has its own lock; every operation takes exactly one call lock, mutates that call, updates
 * the registry-wide indexes ({@link CallIndex}) for it and delivers the resulting events to the {@link Outbox}, all
 * before releasing the lock. So the events of one call are totally ordered, while different calls never contend. See
 * the package documentation for the full threading model.
 */
public final class CallRegistry {
    private final Clock clock;
    private final CallPolicy policy;
    private final Scheduler scheduler;
    private final Outbox outbox;
    private final CallJournal journal;
    private final CallIndex index = new CallIndex();

    public CallRegistry(Clock clock, CallPolicy policy, Scheduler scheduler, Outbox outbox, CallJournal journal) {
        this.clock = Objects.requireNonNull(clock, "clock: null (expected: a Clock)");
        this.policy = Objects.requireNonNull(policy, "policy: null (expected: a CallPolicy)");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler: null (expected: a Scheduler)");
        this.outbox = Objects.requireNonNull(outbox, "outbox: null (expected: an Outbox)");
        this.journal = Objects.requireNonNull(journal, "journal: null (expected: a CallJournal)");
    }

    /**
     * Puts {@code request.connection()} into the call {@code request.sessionId()}, creating the call if needed.
     *
     * @throws CallException {@link CallError#ALREADY_IN_CALL} if the connection is in a call already, {@link
     *     CallError#CALL_FULL} if a new participant would exceed {@link CallPolicy#maxParticipants()}
     */
    public Joined join(JoinRequest request) {
        Objects.requireNonNull(request, "request: null (expected: a JoinRequest)");
        while (true) {
            Call call = index.open(request.sessionId(), id -> new Call(id, clock.instant(), request.e2ee()));
            call.lock.lock();
            try {
                if (call.isClosed()) {
                    // Its last participant left between our lookup and our lock; the next lookup creates a fresh call.
                    continue;
                }
                try {
                    return joinLocked(call, request);
                } finally {
                    // A call this join created but could not enter must not linger empty.
                    index.forgetIfEmpty(call);
                }
            } finally {
                call.lock.unlock();
            }
        }
    }

    /**
     * Takes the connection's participant out of its call; the others are told {@link LeaveReason#LEFT}.
     *
     * @throws CallException {@link CallError#NOT_IN_CALL} if the connection is not in the call {@code sessionId}
     */
    public void leave(ConnectionId connection, String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId: null (expected: the call to leave)");
        Optional<Member> left = inCallOf(connection, (call, member) -> {
            if (!call.sessionId.equals(sessionId)) {
                throw Refusals.inAnotherCall(sessionId, call.sessionId);
            }
            removeLocked(call, member, LeaveReason.LEFT);
            return member;
        });
        if (left.isEmpty()) {
            throw Refusals.notInCall(connection);
        }
    }

    /**
     * The connection's socket dropped. With a zero grace the participant leaves at once ({@link
     * LeaveReason#DISCONNECTED}); otherwise it stays in the call until the grace ends or the same user joins again.
     * Does nothing if the connection is in no call (it never joined, left, or was replaced).
     */
    public void disconnected(ConnectionId connection) {
        inCallOf(connection, (call, member) -> {
            if (policy.reconnectGrace().isZero()) {
                removeLocked(call, member, LeaveReason.DISCONNECTED);
            } else {
                startGrace(call, member);
            }
            return member;
        });
    }

    /**
     * Sends {@code signal} from the connection's participant to {@code toUserId} in the same call, or keeps it for
     * {@code toUserId} while that participant is in reconnect grace.
     *
     * @throws CallException {@link CallError#NOT_IN_CALL} if the connection is in no call, {@link
     *     CallError#PARTICIPANT_NOT_FOUND} if {@code toUserId} is not another participant of that call, {@link
     *     CallError#RATE_LIMITED} if the target is reconnecting and already has {@link
     *     CallPolicy#maxPendingPerParticipant()} signals waiting
     */
    public void relay(ConnectionId from, String toUserId, Signal signal) {
        Objects.requireNonNull(toUserId, "toUserId: null (expected: a participant's user id)");
        Objects.requireNonNull(signal, "signal: null (expected: the message to relay)");
        Optional<Member> sent = inCallOf(from, (call, sender) -> {
            relayLocked(call, sender, toUserId, signal);
            return sender;
        });
        if (sent.isEmpty()) {
            throw Refusals.notInCall(from);
        }
    }

    /**
     * Mutes or unmutes one track of the connection's participant; the others are told, even when nothing changed, so
     * a client that missed an update can always resend its state.
     *
     * @return the participant as it is now
     * @throws CallException {@link CallError#NOT_IN_CALL} if the connection is in no call
     */
    public Participant setMuted(ConnectionId connection, MediaKind kind, boolean muted) {
        Objects.requireNonNull(kind, "kind: null (expected: a MediaKind)");
        return inCallOf(connection, (call, member) -> {
                    Participant updated = member.participant().withMuted(kind, muted);
                    member.participant(updated);
                    tellOthers(call, member, new CallEvent.ParticipantUpdated(call.sessionId, updated));
                    journal.record(new CallFact.ParticipantUpdated(call.sessionId, updated, clock.instant()));
                    return updated;
                })
                .orElseThrow(() -> Refusals.notInCall(connection));
    }

    /** The sessionId of the call this connection is in, if any. Lock-free; may be stale by the time it returns. */
    public Optional<String> callOf(ConnectionId connection) {
        Objects.requireNonNull(connection, "connection: null (expected: a ConnectionId)");
        return index.byConnection(connection).map(call -> call.sessionId);
    }

    /**
     * Every call with its participants, oldest call first. Each call is read consistently under its own lock; the
     * list as a whole is not one atomic picture of all calls.
     */
    public List<CallSnapshot> snapshot() {
        List<CallSnapshot> snapshots = new ArrayList<>();
        for (Call call : index.all()) {
            call.lock.lock();
            try {
                // A closed call is on its way out; an empty one belongs to a join still in progress.
                if (!call.isClosed() && call.size() > 0) {
                    snapshots.add(call.snapshot());
                }
            } finally {
                call.lock.unlock();
            }
        }
        snapshots.sort(Comparator.comparing(CallSnapshot::startedAt).thenComparing(CallSnapshot::sessionId));
        return snapshots;
    }

    /**
     * Whether this user is in this call now (live or in reconnect grace): a join by them would be a
     * reconnect or a replace, not a new participant. Used to let calls in progress go on while the
     * server drains.
     */
    public boolean isParticipant(String sessionId, String userId) {
        Call call = index.byId(sessionId).orElse(null);
        if (call == null) {
            return false;
        }
        call.lock.lock();
        try {
            return !call.isClosed() && call.member(userId).isPresent();
        } finally {
            call.lock.unlock();
        }
    }

    /**
     * Ends every call, recording each participant still in one as {@link LeaveReason#DRAINED}; nobody is told, as the
     * sockets are about to be disconnected. The end of a drain: afterwards only new calls exist.
     */
    public void endAll() {
        endAll(() -> {});
    }

    /**
     * Like {@link #endAll()}, running {@code beforeEachCall} before each call is ended, outside every call's lock: the
     * caller may wait there, e.g. for the writers of what the ends record to have room for it.
     */
    public void endAll(Runnable beforeEachCall) {
        for (Call call : index.all()) {
            beforeEachCall.run();
            call.lock.lock();
            try {
                if (call.isClosed()) {
                    continue;
                }
                for (Member member : call.members()) {
                    removeLocked(call, member, LeaveReason.DRAINED);
                }
            } finally {
                call.lock.unlock();
            }
        }
    }

    /** Calls with at least one participant. */
    public int activeCallCount() {
        return index.activeCallCount();
    }

    /** Participants over all calls, including those in reconnect grace. */
    public int participantCount() {
        return index.participantCount();
    }

    private Joined joinLocked(Call call, JoinRequest request) {
        ConnectionId connection = request.connection();
        // Claiming the index entry first is what makes "a connection is in at most one call" hold across calls,
        // whose locks we never take together.
        Optional<Call> current = index.bind(connection, call);
        if (current.isPresent()) {
            throw Refusals.alreadyInCall(connection, current.get().sessionId);
        }
        if (request.e2ee() != call.e2ee) {
            index.unbind(connection, call);
            throw call.e2ee ? Refusals.e2eeRequired(call.sessionId) : Refusals.e2eeNotEnabled(call.sessionId);
        }
        Optional<Instant> removedAt = call.removedAt(request.userId());
        // iat has whole seconds: a token of the removal's second may predate it, so it counts as issued before.
        if (removedAt.isPresent()
                && !request.tokenIssuedAt().isAfter(removedAt.get().truncatedTo(ChronoUnit.SECONDS))) {
            index.unbind(connection, call);
            throw Refusals.removed(request.userId(), call.sessionId);
        }
        Optional<Member> existing = call.member(request.userId());
        if (existing.isEmpty() && call.size() >= policy.maxParticipants()) {
            index.unbind(connection, call);
            throw Refusals.callFull(call.sessionId, call.size(), policy.maxParticipants());
        }
        if (existing.isPresent()) {
            return rejoinLocked(call, existing.get(), request);
        }
        return joinNewLocked(call, request);
    }

    private Joined joinNewLocked(Call call, JoinRequest request) {
        Participant participant = new Participant(
                request.userId(),
                request.role(),
                request.audioMuted(),
                request.videoMuted(),
                clock.instant(),
                request.metadata());
        Member member = call.add(participant, request.connection());
        if (index.countJoined(call)) {
            journal.record(new CallFact.CallStarted(call.sessionId, call.startedAt, call.e2ee));
        }
        journal.record(new CallFact.ParticipantJoined(
                call.sessionId, participant, request.client(), call.size(), participant.joinedAt()));
        Joined joined = welcome(call, member, request.connection(), JoinKind.NEW);
        tellOthers(call, member, new CallEvent.ParticipantJoined(call.sessionId, participant));
        return joined;
    }

    /** The same user joins again: the participant keeps its slot, state and place in join order. */
    private Joined rejoinLocked(Call call, Member member, JoinRequest request) {
        ConnectionId connection = request.connection();
        return switch (member.presence()) {
            case Presence.Live(ConnectionId previous) -> {
                index.unbind(previous, call);
                call.attach(member, connection);
                outbox.deliver(
                        previous, new CallEvent.ParticipantLeft(call.sessionId, member.userId(), LeaveReason.REPLACED));
                // For the history the old socket's session ended and a new one began; the others saw nothing.
                Instant now = clock.instant();
                journal.record(
                        new CallFact.ParticipantLeft(call.sessionId, member.userId(), LeaveReason.REPLACED, now));
                journal.record(new CallFact.ParticipantJoined(
                        call.sessionId, member.participant(), request.client(), call.size(), now));
                yield welcome(call, member, connection, JoinKind.REPLACED);
            }
            case Presence.Away away -> {
                away.timer().cancel();
                call.attach(member, connection);
                journal.record(new CallFact.ParticipantBack(call.sessionId, member.userId(), clock.instant()));
                Joined joined = welcome(call, member, connection, JoinKind.RECONNECTED);
                // After the Joined event and under the same lock: nothing relayed later can overtake these.
                for (CallEvent.Relayed waiting : away.pending().inOrder()) {
                    outbox.deliver(connection, waiting, Bounces.onUndelivered(this, connection, waiting));
                }
                yield joined;
            }
        };
    }

    /** Tells the joiner where it is; under the lock, so it precedes anything else delivered to this connection. */
    private Joined welcome(Call call, Member member, ConnectionId connection, JoinKind kind) {
        List<Participant> others =
                call.othersThan(member).stream().map(Member::participant).toList();
        outbox.deliver(connection, new CallEvent.Joined(call.sessionId, member.participant(), others, call.e2ee));
        return new Joined(call.sessionId, member.participant(), others, kind, call.e2ee);
    }

    private void relayLocked(Call call, Member sender, String toUserId, Signal signal) {
        if (toUserId.equals(sender.userId())) {
            throw Refusals.toSelf(toUserId, call.sessionId);
        }
        Member target = call.member(toUserId).orElseThrow(() -> Refusals.notFound(toUserId, call.sessionId));
        CallEvent.Relayed relayed = new CallEvent.Relayed(call.sessionId, sender.userId(), signal);
        switch (target.presence()) {
            case Presence.Live(ConnectionId connection) ->
                outbox.deliver(connection, relayed, Bounces.onUndelivered(this, connection, relayed));
            case Presence.Away away -> {
                int waiting = away.pending().size();
                if (waiting >= policy.maxPendingPerParticipant()) {
                    throw Refusals.reconnecting(toUserId, waiting, policy.maxPendingPerParticipant());
                }
                away.pending().addLast(relayed);
            }
        }
    }

    private void startGrace(Call call, Member member) {
        switch (member.presence()) {
            case Presence.Live(ConnectionId connection) -> {
                long generation = call.nextGeneration();
                Scheduler.Cancellable timer;
                try {
                    timer = scheduler.schedule(policy.reconnectGrace(), () -> graceExpired(call, member, generation));
                } catch (RuntimeException e) {
                    // No timer (the scheduler is shutting down): staying would keep the participant forever.
                    removeLocked(call, member, LeaveReason.DISCONNECTED);
                    return;
                }
                index.unbind(connection, call);
                member.lost(connection);
                call.markAway(member, new Presence.Away(generation, timer, new HeldSignals()));
                journal.record(new CallFact.ParticipantAway(call.sessionId, member.userId(), clock.instant()));
            }
            case Presence.Away _ -> {
                // Unreachable: only a live member is found by connection. Nothing to do either way.
            }
        }
    }

    /** Runs on the scheduler's thread. */
    void graceExpired(Call call, Member member, long generation) {
        call.lock.lock();
        try {
            if (call.isClosed() || !call.holds(member)) {
                return;
            }
            // Only the grace period this timer was started for: after a reconnect and a new drop, a late timer of
            // the old period finds a newer generation (or a live member) and must leave it alone.
            if (member.presence() instanceof Presence.Away away && away.generation() == generation) {
                removeLocked(call, member, LeaveReason.DISCONNECTED);
            }
        } finally {
            call.lock.unlock();
        }
    }

    /** Removes the member and tells the others; signals waiting for it are dropped with it. */
    void removeLocked(Call call, Member member, LeaveReason reason) {
        removeLocked(call, member, reason, true);
    }

    /** Removes the member, telling the others only if {@code tell}; signals waiting for it are dropped with it. */
    void removeLocked(Call call, Member member, LeaveReason reason, boolean tell) {
        if (member.presence() instanceof Presence.Away away) {
            away.timer().cancel();
        }
        if (member.presence() instanceof Presence.Live(ConnectionId connection)) {
            index.unbind(connection, call);
        }
        call.remove(member);
        boolean ended = index.countLeft(call);
        Instant now = clock.instant();
        journal.record(new CallFact.ParticipantLeft(call.sessionId, member.userId(), reason, now));
        if (ended) {
            journal.record(new CallFact.CallEnded(call.sessionId, call.startedAt, now, call.peak(), reason));
        }
        index.forgetIfEmpty(call);
        if (tell) {
            tellOthers(call, member, new CallEvent.ParticipantLeft(call.sessionId, member.userId(), reason));
        }
    }

    /** Delivers {@code event} to every other participant with a live socket. */
    void tellOthers(Call call, Member self, CallEvent event) {
        // Those in reconnect grace miss it on purpose: the Joined event they get on reconnect carries the current
        // participants, so only relayed signals need buffering.
        for (Member other : call.othersThan(self)) {
            if (other.presence() instanceof Presence.Live(ConnectionId connection)) {
                outbox.deliver(connection, event);
            }
        }
    }

    /**
     * Runs {@code action} under the lock of the call {@code connection} is in, with its member; empty if it is in
     * none.
     */
    <T> Optional<T> inCallOf(ConnectionId connection, BiFunction<Call, Member, T> action) {
        Objects.requireNonNull(connection, "connection: null (expected: a ConnectionId)");
        while (true) {
            Call call = index.byConnection(connection).orElse(null);
            if (call == null) {
                return Optional.empty();
            }
            call.lock.lock();
            try {
                // A call let go or handed over while we waited for its lock keeps its members but is no longer this
                // node's: acting in it (a signal relayed into a socket about to be closed) would acknowledge what
                // nobody delivers.
                Optional<Member> member = call.isClosed() ? Optional.empty() : call.memberAt(connection);
                if (member.isPresent()) {
                    return Optional.of(action.apply(call, member.get()));
                }
            } finally {
                call.lock.unlock();
            }
            // The connection left that call between our lookup and our lock (its index entry went with it): look again.
        }
    }

    /**
     * Runs {@code action} under the lock of the call {@code sessionId} while it is in progress; empty if it is not, or
     * if {@code action} answers null.
     */
    <T> Optional<T> inCall(String sessionId, Function<Call, T> action) {
        Objects.requireNonNull(sessionId, "sessionId: null (expected: a call's id)");
        Call call = index.byId(sessionId).orElse(null);
        if (call == null) {
            return Optional.empty();
        }
        call.lock.lock();
        try {
            // Closed: its last participant left after our lookup; a call under the same id now would be another one.
            return call.isClosed() ? Optional.empty() : Optional.ofNullable(action.apply(call));
        } finally {
            call.lock.unlock();
        }
    }

    CallIndex index() {
        return index;
    }

    Outbox outbox() {
        return outbox;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    CallPolicy policy() {
        return policy;
    }

    CallJournal journal() {
        return journal;
    }

    Clock clock() {
        return clock;
    }
}
