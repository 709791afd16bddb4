/**
 * Ringing a person: invitations to a call on every device of the invitees.
 *
 * <p>{@link com.securevox.call.ring.Rings} keeps each call's rings (who rings whom, each invitee's state, the timer):
 * the one that rang the call and one per invite that added people to it, and {@link com.securevox.call.ring.DevicePresence} the live device connections of each user. What ringing needs
 * from outside are ports it owns: {@link com.securevox.call.ring.RingOutbox} (events to device connections, implemented
 * by signaling), {@link com.securevox.call.ring.RingPush} (waking sleeping devices, implemented by the push package)
 * and {@link com.securevox.call.ring.Busy} (who is in a call), and {@link com.securevox.call.ring.RingJournal} (each
 * ring's facts, for the history and the webhooks). JDK, SLF4J and the call domain only.
 *
 * <p>Several nodes: a ring lives on the node that holds its call's lease ({@link com.securevox.call.ring.RungCalls}
 * lets it go once the ring is forgotten), and {@link com.securevox.call.ring.RingNodes} holds what reaches the others:
 * the {@link com.securevox.call.ring.DeviceDirectory} of every node's device connections (read before an invite takes
 * its locks, its findings passed in) and the {@link com.securevox.call.ring.RingRelay} that carries the ring's notices
 * to a device connection on another node. Answers from other nodes come in as calls like this node's own, with the
 * answering connection as {@code via}.
 */
package com.securevox.call.ring;
