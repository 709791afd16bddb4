package com.securevox.call.cluster;

import com.securevox.call.call.CallOwnership.Owner;
import com.securevox.call.call.NodeBus;
import com.securevox.call.call.NodeBusMetrics;
import com.securevox.call.call.NodeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node bus in one process: nodes on the same {@link Network} hand messages to each other's bounded inbox queue,
 * read on a virtual thread per node. For one node alone (it only ever talks to itself) and for tests of what sits on
 * the bus; it keeps the order and the numbering of {@link RedisNodeBus}, and a message to a node that is not on the
 * network goes nowhere, as one to a node that is not reading its stream.
 */
public final class LocalNodeBus implements NodeBus {
    private static final Logger log = LoggerFactory.getLogger(LocalNodeBus.class);
    private static final Duration JOIN = Duration.ofSeconds(2);

    /** The nodes that can reach each other. */
    public static final class Network {
        private final Map<String, LocalNodeBus> nodes = new ConcurrentHashMap<>();
    }

    private final Network network;
    private final Sender self;
    private final NodeBusMetrics metrics;
    private final BlockingQueue<Envelope> inbox;
    /** Per destination: the next number, and the lock that keeps numbering and queueing in one order. */
    private final Map<String, long[]> sequences = new ConcurrentHashMap<>();

    private volatile boolean closed;
    private Thread reader;

    /**
     * @param capacity how many messages may wait in this node's inbox; a sender's further messages are refused
     */
    public LocalNodeBus(Network network, String node, int capacity, NodeBusMetrics metrics) {
        this.network = Objects.requireNonNull(network, "network");
        this.self = new Sender(node, UUID.randomUUID().toString());
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        this.inbox = new ArrayBlockingQueue<>(capacity);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (network.nodes.putIfAbsent(node, this) != null) {
            throw new IllegalStateException("node: " + node + " (expected: a node not on the network yet)");
        }
    }

    /** One node on a network of its own. */
    public LocalNodeBus(String node) {
        this(new Network(), node, NodeBusSettings.DEFAULT.queueLimit(), NodeBusMetrics.NONE);
    }

    @Override
    public String node() {
        return self.node();
    }

    @Override
    public boolean send(String node, NodeMessage message) {
        if (!Owner.isValidNode(node)) {
            throw new IllegalArgumentException(
                    "node: invalid (expected: 1 to " + Owner.MAX_NODE_LENGTH + " of [A-Za-z0-9._-])");
        }
        Objects.requireNonNull(message, "message");
        if (closed) {
            return false;
        }
        LocalNodeBus to = network.nodes.get(node);
        if (to == null) {
            return true;
        }
        long[] next = sequences.computeIfAbsent(node, n -> new long[] {1});
        synchronized (next) {
            if (!to.inbox.offer(new Envelope(self, next[0], message))) {
                return false;
            }
            next[0]++;
        }
        metrics.sent();
        return true;
    }

    @Override
    public synchronized void subscribe(Inbox handler) {
        Objects.requireNonNull(handler, "handler");
        if (closed) {
            throw new IllegalStateException("the node bus is closed");
        }
        if (reader != null) {
            throw new IllegalStateException("the inbox of " + self.node() + " has a subscriber already");
        }
        reader = Thread.ofVirtual().name("node-bus-reader-" + self.node()).start(() -> read(handler));
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = reader;
        }
        network.nodes.remove(self.node(), this);
        // The inbox may close the bus: its reader then ends when it returns.
        if (running != null && running != Thread.currentThread()) {
            running.interrupt();
            try {
                if (!running.join(JOIN)) {
                    log.warn("node bus: {} did not stop within {}", running.getName(), JOIN);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the reader does not run: after {@link #close()}, whether it stopped in time. */
    synchronized boolean stopped() {
        return reader == null || !reader.isAlive();
    }

    private void read(Inbox handler) {
        SenderSequences sequences = new SenderSequences();
        while (!closed) {
            Envelope envelope;
            try {
                envelope = inbox.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (envelope == null) {
                continue;
            }
            // In one process nothing is lost or repeated; the check keeps the numbers honest all the same.
            if (sequences.accept(envelope.from(), envelope.seq()) instanceof SenderSequences.Next next) {
                metrics.received();
                InboxCalls.deliver(handler, envelope, next.missedBefore());
            }
        }
    }
}
