package com.securevox.call.call;

import java.util.Objects;

/**
 * Port: messages between nodes, each node with one inbox. What one node sends to another arrives in the order it was
 * sent, each message at most once; a message can be lost (the shared store lost its data, or a node stopped with
 * messages not yet written), and the receiver learns how many it missed from the sender's sequence numbers, so it can
 * make its sockets resync instead of going on with a hole.
 *
 * <p>{@link #send} only enqueues: it never blocks and may be called under a call's lock, so an owner that sends in
 * lock order keeps its call's order on the wire. The {@link Inbox} is called on the bus's own thread, one message at a
 * time, never on an event-loop thread.
 */
public interface NodeBus extends AutoCloseable {

    /** This node's id. */
    String node();

    /**
     * Queues {@code message} for the inbox of {@code node}. False when it was refused: the queue to that node is full
     * (the store has been unreachable for long) or the bus is closed; the caller answers its client that the server is
     * busy. True does not mean delivered: a node that is not reading its inbox never gets it.
     */
    boolean send(String node, NodeMessage message);

    /**
     * Starts handing this node's inbox to {@code inbox}: the messages sent to it from this bus's creation on (for a
     * bus on a shared store, from when it first asked the store where the inbox ends). Only one
     * subscriber per bus; an exception the inbox throws is logged and the next message handed on.
     */
    void subscribe(Inbox inbox);

    /** Stops reading the inbox and sending; messages not yet written are dropped. Waits at most briefly. */
    @Override
    void close();

    /** This node's inbox. */
    @FunctionalInterface
    interface Inbox {
        /**
         * One message, in the sender's order.
         *
         * @param missedBefore how many messages of the same sender, sent before this one, never arrived (0 normally)
         */
        void receive(Envelope envelope, long missedBefore);
    }

    /**
     * A process of a node: {@code run} changes with every start, so that a restarted node's sequence, which starts
     * again at 1, is not taken for duplicates.
     *
     * @param node as {@link CallOwnership.Owner#isValidNode} allows
     * @param run 1 to 64 of {@code [A-Za-z0-9_-]}
     */
    record Sender(String node, String run) {
        public static final int MAX_RUN_LENGTH = 64;

        public Sender {
            if (!CallOwnership.Owner.isValidNode(node)) {
                throw new IllegalArgumentException(
                        "node: invalid (expected: 1 to " + CallOwnership.Owner.MAX_NODE_LENGTH + " of [A-Za-z0-9._-])");
            }
            if (run == null
                    || run.isEmpty()
                    || run.length() > MAX_RUN_LENGTH
                    || !run.chars().allMatch(Sender::isRunChar)) {
                throw new IllegalArgumentException("run: " + (run == null ? "missing" : "invalid") + " (expected: 1 to "
                        + MAX_RUN_LENGTH + " of [A-Za-z0-9_-])");
            }
        }

        private static boolean isRunChar(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
    }

    /**
     * A message as it travels: who sent it and its place in the sender's sequence to this receiver (1, 2, 3, … per
     * sender run and receiving node).
     */
    record Envelope(Sender from, long seq, NodeMessage message) {
        public Envelope {
            Objects.requireNonNull(from, "from: null (expected: the sending node and run)");
            if (seq < 1) {
                throw new IllegalArgumentException("seq: " + seq + " (expected: >= 1)");
            }
            Objects.requireNonNull(message, "message: null (expected: a NodeMessage)");
        }
    }
}
