package com.securevox.call.cluster;

import com.securevox.call.call.NodeBus.Envelope;
import com.securevox.call.call.NodeBus.Sender;
import com.securevox.call.call.NodeBusMetrics;
import com.securevox.call.call.NodeMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Writes what this node sends to one other node into that node's inbox, one message at a time in the order they were
 * queued, on its own thread. Sequence numbers are given out when a message is queued, under the same lock, so the
 * queue's order and the numbers agree whatever thread sends. A failed write is tried again, with back-off, until it
 * succeeds or the bus closes: the order holds, and a write that went through although its reply was lost arrives
 * twice, which the receiver drops by its number. Each message is one script, {@code XADD MAXLEN ~} and {@code
 * PEXPIRE}; what is queued goes out in pipelined batches.
 */
final class InboxWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(InboxWriter.class);

    /** At most this many messages go in one pipeline: a burst costs one round trip per batch, not per message. */
    static final int BATCH = 64;

    /**
     * KEYS: the inbox; ARGV: the length bound, the retention in ms, then the entry's fields and values. The time to
     * live, renewed by every write, removes the inbox of a node that is gone for good (node ids of pods change with
     * every deployment); a live node's idle inbox that lapses is only recreated by the next write.
     */
    private static final String APPEND = """
            local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, 3))
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return id
            """;

    private final UnifiedJedis redis;
    private final String node;
    private final String key;
    private final Sender self;
    private final NodeBusSettings settings;
    private final NodeBusMetrics metrics;
    private final AtomicLong backlog;
    private final CountDownLatch stop;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
    private long nextSeq = 1;
    private boolean writing;
    /** Whether the next failure is the first after a success, which is logged as a warning; the writer's thread only. */
    private boolean firstFailure = true;

    InboxWriter(
            UnifiedJedis redis,
            String node,
            Sender self,
            NodeBusSettings settings,
            NodeBusMetrics metrics,
            AtomicLong backlog,
            CountDownLatch stop) {
        this.redis = redis;
        this.node = node;
        this.key = RedisNodeBus.inboxKey(node);
        this.self = self;
        this.settings = settings;
        this.metrics = metrics;
        this.backlog = backlog;
        this.stop = stop;
    }

    /** Queues the message with the next number; false when {@link NodeBusSettings#queueLimit()} are waiting. */
    boolean offer(NodeMessage message) {
        lock.lock();
        try {
            if (queue.size() >= settings.queueLimit()) {
                return false;
            }
            queue.add(new Envelope(self, nextSeq++, message));
            queued.signal();
        } finally {
            lock.unlock();
        }
        metrics.backlog(backlog.incrementAndGet());
        return true;
    }

    /** Waits up to {@code timeout} until everything queued is written; false if it was not. */
    boolean awaitDrained(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!queue.isEmpty() || writing) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = drained.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        Backoff backoff = new Backoff(settings.minBackoff(), settings.maxBackoff(), stop);
        try {
            while (stop.getCount() > 0) {
                List<Envelope> batch = next();
                if (batch.isEmpty()) {
                    continue;
                }
                int written = write(batch);
                if (written > 0) {
                    done(written);
                    for (int i = 0; i < written; i++) {
                        metrics.sent();
                    }
                    metrics.backlog(backlog.addAndGet(-written));
                    firstFailure = true;
                    int failures = backoff.succeeded();
                    if (failures > 0) {
                        log.info("node bus: writing to {} again after {} failed tries", node, failures);
                    }
                }
                if (written < batch.size() && !backoff.failed()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The head of the queue, up to {@link #BATCH}, left there until written; empty when the bus closed. */
    private List<Envelope> next() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (stop.getCount() == 0) {
                    return List.of();
                }
                // Bounded, so that a close that came without an interrupt is seen.
                queued.await(settings.block().toNanos(), TimeUnit.NANOSECONDS);
            }
            writing = true;
            return queue.stream().limit(BATCH).toList();
        } finally {
            lock.unlock();
        }
    }

    private void done(int written) {
        lock.lock();
        try {
            for (int i = 0; i < written; i++) {
                queue.poll();
            }
            writing = false;
            if (queue.isEmpty()) {
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the batch in one pipeline, which Redis runs in order; how many of its first messages it took. A failure
     * in the middle leaves the rest to be tried again, in order.
     */
    private int write(List<Envelope> batch) {
        List<Response<Object>> replies = new ArrayList<>(batch.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Envelope envelope : batch) {
                replies.add(pipeline.eval(APPEND, List.of(key), arguments(envelope)));
            }
            pipeline.sync();
        } catch (JedisException e) {
            failed(e);
            return 0;
        }
        for (int i = 0; i < replies.size(); i++) {
            try {
                replies.get(i).get();
            } catch (JedisException e) {
                failed(e);
                return i;
            }
        }
        return batch.size();
    }

    private List<String> arguments(Envelope envelope) {
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(settings.maxLength()));
        args.add(Long.toString(settings.retention().toMillis()));
        InboxCodec.encode(envelope).forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return args;
    }

    private void failed(JedisException e) {
        metrics.retried();
        if (firstFailure) {
            Optional<String> wrong = InboxReader.wrongType(redis, key, e);
            if (wrong.isPresent()) {
                log.error("node bus: cannot write to {}: {}; trying again", node, wrong.get());
            } else {
                log.warn("node bus: cannot write to {} ({}); trying again", node, e.getMessage());
            }
            firstFailure = false;
        } else {
            log.debug("node bus: cannot write to {}: {}", node, e.getMessage());
        }
    }
}
