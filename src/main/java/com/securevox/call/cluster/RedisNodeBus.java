package com.securevox.call.cluster;

import com.securevox.call.call.CallOwnership.Owner;
import com.securevox.call.call.NodeBus;
import com.securevox.call.call.NodeBusMetrics;
import com.securevox.call.call.NodeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The node bus on Redis Streams: each node's inbox is the stream {@code {inbox:<node>}} (the hash tag keeps it in one
 * slot on a Redis Cluster), trimmed to about {@link NodeBusSettings#maxLength()} entries. Each destination has one
 * {@link InboxWriter} on its own virtual thread, so what this node sends to a node is written in the order it was sent;
 * one {@link InboxReader} reads this node's inbox. Both survive Redis going away and coming back; see them for how.
 *
 * <p>Two clients: the writers share one pool; the reader has its own, whose read time-out is longer than a {@code
 * XREAD BLOCK}, so waiting for entries is not taken for a dead connection.
 */
public final class RedisNodeBus implements NodeBus {
    private static final Logger log = LoggerFactory.getLogger(RedisNodeBus.class);
    private static final Duration JOIN = Duration.ofSeconds(2);

    private final UnifiedJedis writing;
    private final UnifiedJedis reading;
    private final Sender self;
    private final NodeBusSettings settings;
    private final NodeBusMetrics metrics;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicLong backlog = new AtomicLong();
    private final Map<String, InboxWriter> writers = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Where the reader starts: the inbox's end when {@link #locate} ran; null when Redis did not answer then. */
    private StreamEntryID from;

    private boolean located;
    /** The reader, once subscribed. */
    private volatile InboxReader reader;

    private boolean subscribed;
    private boolean closed;

    /**
     * @param writing for the writers, closed by {@link #close()}
     * @param reading for the reader, with a read time-out longer than {@code settings.block()}; closed by {@link
     *     #close()}
     * @param self this node and this run of it
     */
    public RedisNodeBus(
            UnifiedJedis writing, UnifiedJedis reading, Sender self, NodeBusSettings settings, NodeBusMetrics metrics) {
        this.writing = Objects.requireNonNull(writing, "writing");
        this.reading = Objects.requireNonNull(reading, "reading");
        this.self = Objects.requireNonNull(self, "self");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Marks the inbox's end now: what is sent to this node from then on is read once it {@link #subscribe}s. Does I/O
     * (a node calls it once Redis answered, not while it is being built: a Redis that hangs must not hold its start);
     * {@link #subscribe} does it when nobody did.
     */
    public synchronized RedisNodeBus locate() {
        from = startingPoint();
        located = true;
        return this;
    }

    /**
     * A bus for {@code node}, with a new run id, on the Redis {@code redis} names; its inbox is read from where it
     * ends when {@link #locate} (or {@link #subscribe}) runs. No I/O.
     */
    public static RedisNodeBus open(
            RedisSettings redis, String node, NodeBusSettings settings, NodeBusMetrics metrics) {
        RedisSettings patient = redis.withTimeout(redis.timeout().plus(settings.block()));
        return new RedisNodeBus(
                RedisClients.open(redis, node),
                RedisClients.open(patient, node),
                new Sender(node, UUID.randomUUID().toString()),
                settings,
                metrics);
    }

    /** The stream that is {@code node}'s inbox. */
    static String inboxKey(String node) {
        return "{inbox:" + node + "}";
    }

    @Override
    public String node() {
        return self.node();
    }

    /** This node and run, as receivers see it. */
    public Sender self() {
        return self;
    }

    @Override
    public boolean send(String node, NodeMessage message) {
        if (!Owner.isValidNode(node)) {
            throw new IllegalArgumentException(
                    "node: invalid (expected: 1 to " + Owner.MAX_NODE_LENGTH + " of [A-Za-z0-9._-])");
        }
        Objects.requireNonNull(message, "message");
        if (stop.getCount() == 0) {
            return false;
        }
        InboxWriter writer = writers.get(node);
        if (writer == null) {
            writer = writers.computeIfAbsent(node, this::startWriter);
            if (writer == null) {
                return false;
            }
        }
        return writer.offer(message);
    }

    @Override
    public synchronized void subscribe(Inbox inbox) {
        Objects.requireNonNull(inbox, "inbox");
        if (closed) {
            throw new IllegalStateException("the node bus is closed");
        }
        if (subscribed) {
            throw new IllegalStateException("the inbox of " + self.node() + " has a subscriber already");
        }
        subscribed = true;
        if (!located) {
            locate();
        }
        InboxReader reader = new InboxReader(reading, inboxKey(self.node()), from, inbox, settings, metrics, stop);
        this.reader = reader;
        threads.add(Thread.ofVirtual().name("node-bus-reader-" + self.node()).start(reader));
    }

    /**
     * What keeps this node from reading its inbox while its key is of another type (someone wrote there); empty while
     * it reads, or has no inbox yet. For {@code /health}.
     */
    public Optional<String> blocked() {
        InboxReader r = reader;
        return r == null ? Optional.empty() : r.blocked();
    }

    @Override
    public void close() {
        List<Thread> running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = List.copyOf(threads);
        }
        long deadline = System.nanoTime() + settings.closeGrace().toNanos();
        try {
            for (InboxWriter writer : writers.values()) {
                writer.awaitDrained(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop.countDown();
        synchronized (this) {
            running = List.copyOf(threads);
        }
        // A virtual thread blocked on a socket is woken by an interrupt, which closes that socket.
        running.forEach(Thread::interrupt);
        for (Thread thread : running) {
            if (thread == Thread.currentThread()) {
                continue; // the inbox closed the bus: its reader ends when it returns
            }
            try {
                if (!thread.join(JOIN)) {
                    log.warn("node bus: {} did not stop within {}", thread.getName(), JOIN);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        writing.close();
        reading.close();
    }

    /** Whether none of the bus's threads runs: after {@link #close()}, whether they all stopped in time. */
    synchronized boolean stopped() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    private InboxWriter startWriter(String node) {
        synchronized (this) {
            if (closed) {
                return null;
            }
            InboxWriter writer = new InboxWriter(writing, node, self, settings, metrics, backlog, stop);
            threads.add(Thread.ofVirtual().name("node-bus-writer-" + node).start(writer));
            return writer;
        }
    }

    /** The inbox's end now, so that the reader starts there; null when Redis does not answer yet. */
    private StreamEntryID startingPoint() {
        try {
            return InboxReader.end(reading, inboxKey(self.node()));
        } catch (JedisException e) {
            log.warn(
                    "node bus: cannot find the end of {} yet ({}); the reader will",
                    inboxKey(self.node()),
                    e.getMessage());
            return null;
        }
    }
}
