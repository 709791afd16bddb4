package com.securevox.call.cluster;

import com.securevox.call.call.NodeBus.Envelope;
import com.securevox.call.call.NodeBus.Inbox;
import com.securevox.call.call.NodeBusMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Reads this node's inbox stream on its own thread with {@code XREAD BLOCK} from the last entry it read, and hands each
 * message to the {@link Inbox} in stream order. When Redis fails it tries again with back-off from the same entry, so a
 * Redis that restarts with its data loses nothing. One that comes back without it (or whose clock went back) may hold
 * the inbox again with lower entry ids than the last one read: the reader then starts again from the beginning of the
 * stream, and the senders' sequence numbers tell what was lost in between. Entries that are not messages and
 * exceptions of the inbox are logged and skipped; nothing but {@link RedisNodeBus#close()} stops the reader.
 */
final class InboxReader implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(InboxReader.class);
    private static final int COUNT = 256;
    private static final StreamEntryID START = new StreamEntryID(0, 0);

    private final UnifiedJedis redis;
    private final String key;
    private final Inbox inbox;
    private final NodeBusSettings settings;
    private final NodeBusMetrics metrics;
    private final CountDownLatch stop;
    private final SenderSequences sequences = new SenderSequences();
    private StreamEntryID last;
    private boolean checkEnd;

    /** @param from the last entry before the first one to read; null to take the stream's end when Redis first answers */
    InboxReader(
            UnifiedJedis redis,
            String key,
            StreamEntryID from,
            Inbox inbox,
            NodeBusSettings settings,
            NodeBusMetrics metrics,
            CountDownLatch stop) {
        this.redis = redis;
        this.key = key;
        this.last = from;
        this.inbox = inbox;
        this.settings = settings;
        this.metrics = metrics;
        this.stop = stop;
    }

    /** The id of the newest entry of the stream at {@code key}, or 0-0 when there is none. */
    static StreamEntryID end(UnifiedJedis redis, String key) {
        List<StreamEntry> newest = redis.xrevrange(key, "+", "-", 1);
        return newest == null || newest.isEmpty() ? START : newest.getFirst().getID();
    }

    @Override
    public void run() {
        Backoff backoff = new Backoff(settings.minBackoff(), settings.maxBackoff(), stop);
        XReadParams params = XReadParams.xReadParams()
                .block(Math.toIntExact(settings.block().toMillis()))
                .count(COUNT);
        while (stop.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
            List<Map.Entry<String, List<StreamEntry>>> read;
            try {
                position();
                read = redis.xread(params, Map.of(key, last));
                int failures = backoff.succeeded();
                if (failures > 0) {
                    log.info("node bus: reading {} again after {} failed tries", key, failures);
                }
            } catch (JedisException e) {
                if (stop.getCount() == 0) {
                    return;
                }
                if (backoff.failures() == 0) {
                    log.warn("node bus: cannot read {} ({}); trying again", key, e.getMessage());
                } else {
                    log.debug("node bus: cannot read {}: {}", key, e.getMessage());
                }
                checkEnd = true;
                if (!backoff.failed()) {
                    return;
                }
                continue;
            }
            if (read != null) {
                for (Map.Entry<String, List<StreamEntry>> stream : read) {
                    for (StreamEntry entry : stream.getValue()) {
                        last = entry.getID();
                        handle(entry);
                    }
                }
            }
        }
    }

    /** Where to read from: the end at the first contact, and from the start again after a wipe. */
    private void position() {
        if (last == null) {
            last = end(redis, key);
            checkEnd = false;
        } else if (checkEnd) {
            StreamEntryID end = end(redis, key);
            if (end.compareTo(last) < 0) {
                log.warn(
                        "node bus: {} ends at {}, before the last entry read {}: Redis lost it; reading it anew",
                        key,
                        end,
                        last);
                last = START;
            }
            checkEnd = false;
        }
    }

    private void handle(StreamEntry entry) {
        Envelope envelope;
        try {
            envelope = InboxCodec.decode(entry.getFields());
        } catch (RedisValueException e) {
            metrics.malformed();
            log.warn("node bus: {} entry {} skipped: {}", key, entry.getID(), e.getMessage());
            return;
        }
        switch (sequences.accept(envelope.from(), envelope.seq())) {
            case SenderSequences.Next next -> {
                metrics.received();
                if (next.missedBefore() > 0) {
                    metrics.lost(next.missedBefore());
                    log.warn(
                            "node bus: {} messages from {} run {} lost before seq {}",
                            next.missedBefore(),
                            envelope.from().node(),
                            envelope.from().run(),
                            envelope.seq());
                }
                try {
                    inbox.receive(envelope, next.missedBefore());
                } catch (RuntimeException e) {
                    log.error(
                            "node bus: the inbox failed on {} from {} seq {}",
                            envelope.message().getClass().getSimpleName(),
                            envelope.from().node(),
                            envelope.seq(),
                            e);
                }
            }
            case SenderSequences.Duplicate d -> metrics.duplicated();
            case SenderSequences.Late l -> metrics.reordered();
        }
    }
}
