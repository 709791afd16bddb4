/**
 * The call domain: who is in which call, and what each connection is told when that changes. Pure JDK and free of
 * any transport: the signaling layer turns Socket.IO events into calls on {@link com.securevox.call.call.CallRegistry}
 * and turns the {@link com.securevox.call.call.CallEvent}s it receives through its
 * {@link com.securevox.call.call.Outbox} back into Socket.IO events. What happened to calls (for history and metrics)
 * is told once per happening, as {@link com.securevox.call.call.CallFact}s, to a
 * {@link com.securevox.call.call.CallJournal}, under the same lock and with the same only-enqueue contract as the
 * Outbox. Time comes from an injected
 * {@link java.time.Clock} and reconnect-grace timers from an injected {@link com.securevox.call.call.Scheduler}, so
 * every rule can be tested without sleeping. A call carried to another node (its owner died) is read and restored
 * through {@link com.securevox.call.call.CallHandover} as a {@link com.securevox.call.call.CallState}.
 *
 * <h2>Threading model</h2>
 *
 * <ul>
 *   <li>Each call has its own lock. Every operation (join, leave, disconnect, relay, mute, grace expiry) takes the
 *       lock of exactly one call, and never two at once, so different calls never contend and cannot deadlock.
 *   <li>Under that lock the operation changes the call, updates the registry-wide indexes ({@code sessionId → call}
 *       and {@code connection → call}, both {@link java.util.concurrent.ConcurrentHashMap}s, with the call and
 *       participant counters, all kept by {@code CallIndex}) and hands the resulting
 *       events to the {@link com.securevox.call.call.Outbox}. Events of one call are therefore totally ordered, a
 *       joiner's {@code Joined} event precedes anything relayed to it, and messages between two participants arrive
 *       in the order they were sent. The Outbox must only enqueue.
 *   <li>A call is created by its first joiner and, when its last participant is gone, marked closed and removed from
 *       the index under its lock. A joiner that looked up the call before removal and locks it afterwards sees the
 *       flag and retries with a fresh call, so nobody ever joins a call that is being removed.
 *   <li>A connection claims its {@code connection → call} entry with {@code putIfAbsent} before joining, which keeps
 *       it in at most one call without holding two call locks.
 *   <li>Grace timers run on the scheduler's thread and take the call's lock. Each grace period has a generation
 *       number; a timer that lost the race with a reconnect (and maybe a new drop) finds another generation and does
 *       nothing.
 *   <li>Participants in reconnect grace receive no events; relayed signals for them are buffered (bounded) and
 *       delivered after the {@code Joined} event on reconnect, and the {@code Joined} event carries the current
 *       participants, which covers joins, leaves and updates they missed.
 *   <li>All values handed out (participants, events, snapshots) are immutable.
 * </ul>
 */
package com.securevox.call.call;
