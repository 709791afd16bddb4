package com.securevox.call.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable webhook outbox. Events of one call leave strictly in the order they were put in: {@link #due} offers
 * only the oldest pending event of each call. Thread-safe; every method may block on the database and throws {@link
 * HistoryStoreException} when it fails.
 */
public interface WebhookOutbox {

    /**
     * Appends the events, in order, all or none; nothing if they were appended already (a retry of an append whose
     * answer was lost).
     *
     * @throws SequenceTakenException if events of one of their calls in the outbox took the number of one of them (the
     *     call was numbered on two nodes): nothing is written
     */
    void enqueue(List<WebhookEvent> events);

    /**
     * Writes a recording's outcome and the event that announces it in one transaction, the event after every one
     * queued before.
     *
     * @return false if the recording was settled already or is being deleted: nothing was written
     * @throws SequenceTakenException if an event of its call in the outbox took its number: nothing is written
     */
    boolean enqueue(WebhookEvent event, RecordingOutcome outcome);

    /**
     * The numbering of the call of {@code sessionId} that was in progress at {@code at} (the latest one whose events
     * say it started by then): when it started and the highest sequence its events took; empty if the outbox holds no
     * event of such a call.
     */
    Optional<CallSequence> lastOfCall(String sessionId, Instant at);

    /**
     * The bodies of the {@code call.started} and {@code participant.*} events of the call of {@code sessionId} whose
     * numbering began at {@code callStartedAt}, in the order of their numbers: who the outbox says is in the call, for a
     * node that takes the call over to tell what the dead node's last events could not.
     */
    List<String> participation(String sessionId, Instant callStartedAt);

    /**
     * The participant rows the history holds of the call of {@code sessionId} that started at {@code startedAt}, in
     * join order (the outbox shares the history's database): what a node that takes the call over reads to tell the
     * joins and leaves the dead node wrote to its history but not yet to the outbox.
     */
    List<ParticipantRecord> historyRows(String sessionId, Instant startedAt);

    /**
     * Whether this node is the one that delivers the outbox now. Nodes sharing one database share one outbox, and only
     * one of them at a time may deliver it, so that an event goes once and a call's events go in order; when the
     * leading node stops or dies, another one leads at its next ask. Asked before each delivery: a node that lost the
     * lead stops at once.
     */
    boolean leads();

    /** The oldest pending event of each call whose next attempt is due at {@code now}, oldest first. */
    List<WebhookDelivery> due(Instant now, int limit);

    void delivered(String id, Instant at);

    /** One more failed attempt; the next one at {@code nextAttempt}. */
    void failed(String id, Instant at, Instant nextAttempt, String error);

    /** One more failed attempt, and the last: the event is dead-lettered, and the call's next event may go. */
    void deadLettered(String id, Instant at, String error);

    /** The newest events first, of one status or all. */
    List<WebhookDelivery> deliveries(Optional<DeliveryStatus> status, int limit);

    /**
     * Puts a dead-lettered event back in the queue, due now, with a new retry window.
     *
     * @return false if there is no such event or it is not dead-lettered
     */
    boolean retry(String id, Instant now);
}
