package com.securevox.call.cluster;

import com.securevox.call.call.NodeBus.Envelope;
import com.securevox.call.call.NodeBus.Inbox;
import com.securevox.call.call.NodeBusMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Reads this node's inbox stream on its own thread with {@code XREAD BLOCK} from the last entry it read, and hands each
 * message to the {@link Inbox} in stream order. When Redis fails it tries again with back-off from the same entry, so a
 * Redis that restarts with its data loses nothing. One that comes back without it (or whose clock went back) may hold
 * the inbox again with lower entry ids than the last one read: the reader then starts again from the beginning of the
 * stream, and the senders' sequence numbers tell what was lost in between. Entries that are not messages and
 * exceptions of the inbox are logged and skipped; nothing but {@link RedisNodeBus#close()} stops the reader. A key of
 * another type where the inbox is (someone wrote a string there) is logged as an error naming it, reported by {@link
 * #blocked()} for {@code /health}, and tried again with back-off like an unreachable Redis: the reader resumes once
 * the key is deleted.
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
    /** What is wrong with the inbox's key while it is of another type; null while it reads. */
    private volatile String blocked;

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

    /** One stream entry: its fields, or what is wrong with them (then {@code fields} is null). */
    record Entry(StreamEntryID id, Map<String, String> fields, String problem) {}

    /**
     * The entries of an {@code XREAD} reply for one stream: nil (nothing came) or {@code [[key, [[id, [field, value,
     * …]], …]]]}. An entry whose fields are not text keeps its id, so the reader can skip it; a reply of another
     * shape is refused.
     */
    static List<Entry> entries(Object reply) throws RedisValueException {
        if (reply == null) {
            return List.of();
        }
        if (!(reply instanceof List<?> streams) || streams.size() != 1) {
            throw new RedisValueException("xread reply: " + shape(reply) + " (expected: nil or one stream)");
        }
        // RESP2 answers [key, entries]; RESP3 a map, which Jedis hands over as an entry.
        Object entriesOfStream =
                switch (streams.getFirst()) {
                    case List<?> stream when stream.size() == 2 -> stream.get(1);
                    case Map.Entry<?, ?> stream -> stream.getValue();
                    case null, default -> null;
                };
        if (!(entriesOfStream instanceof List<?> items)) {
            throw new RedisValueException(
                    "xread reply stream: " + shape(streams.getFirst()) + " (expected: [key, entries])");
        }
        List<Entry> entries = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof List<?> pair) || pair.size() != 2) {
                throw new RedisValueException("xread reply entry: " + shape(item) + " (expected: [id, fields])");
            }
            StreamEntryID id;
            try {
                id = new StreamEntryID(RedisValues.text(pair.getFirst()));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new RedisValueException(
                        "xread reply entry id: " + shape(pair.getFirst()) + " (expected: ms-seq)");
            }
            try {
                entries.add(new Entry(id, fields(pair.get(1)), null));
            } catch (RedisValueException e) {
                entries.add(new Entry(id, null, e.getMessage()));
            }
        }
        return entries;
    }

    private static Map<String, String> fields(Object raw) throws RedisValueException {
        if (!(raw instanceof List<?> list) || list.size() % 2 != 0) {
            throw new RedisValueException("entry: " + shape(raw) + " (expected: fields and values)");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i += 2) {
            String field = RedisValues.text(list.get(i));
            if (fields.put(field, RedisValues.text(list.get(i + 1))) != null) {
                throw new RedisValueException(
                        "entry: the field " + InboxCodec.shown(field) + " twice (expected: once)");
            }
        }
        return fields;
    }

    private static String shape(Object value) {
        return switch (value) {
            case null -> "nil";
            case List<?> list -> "a list of " + list.size();
            default -> "a " + value.getClass().getSimpleName();
        };
    }

    /** The id of the newest entry of the stream at {@code key}, or 0-0 when there is none. */
    static StreamEntryID end(UnifiedJedis redis, String key) {
        List<StreamEntry> newest = redis.xrevrange(key, "+", "-", 1);
        return newest == null || newest.isEmpty() ? START : newest.getFirst().getID();
    }

    /** What is wrong with the inbox's key while it is not a stream, and this node can read no message; else empty. */
    Optional<String> blocked() {
        return Optional.ofNullable(blocked);
    }

    /**
     * What is wrong with {@code key} when Redis refused a command on it as one on a key of another type ({@code
     * WRONGTYPE}); empty for any other failure. Asks Redis what the key holds.
     */
    static Optional<String> wrongType(UnifiedJedis redis, String key, JedisException failure) {
        if (!(failure instanceof JedisDataException)
                || failure.getMessage() == null
                || !failure.getMessage().contains("WRONGTYPE")) {
            return Optional.empty();
        }
        String type;
        try {
            type = "a " + redis.type(key);
        } catch (JedisException e) {
            type = "a value of another type";
        }
        return Optional.of(key + " holds " + type + " (expected: a stream, a node's inbox, which nothing else may"
                + " write; messages to that node wait until the key is deleted)");
    }

    @Override
    public void run() {
        Backoff backoff = new Backoff(settings.minBackoff(), settings.maxBackoff(), stop);
        long block = settings.block().toMillis();
        while (stop.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
            List<Entry> read;
            try {
                position();
                // Not Jedis's xread: it marks the command blocking and then waits for its reply without a time-out,
                // so a Redis that hangs, or a connection that died without a reset, would hold the reader for ever.
                read = entries(redis.executeCommand(new CommandObject<>(
                        new CommandArguments(Protocol.Command.XREAD)
                                .add("COUNT")
                                .add(COUNT)
                                .add("BLOCK")
                                .add(block)
                                .add("STREAMS")
                                .key(key)
                                .add(last.toString()),
                        BuilderFactory.RAW_OBJECT)));
                int failures = backoff.succeeded();
                if (failures > 0) {
                    log.info("node bus: reading {} again after {} failed tries", key, failures);
                }
                blocked = null;
            } catch (JedisException | RedisValueException e) {
                if (stop.getCount() == 0) {
                    return;
                }
                metrics.retried();
                Optional<String> wrong =
                        e instanceof JedisException failure ? wrongType(redis, key, failure) : Optional.empty();
                if (wrong.isPresent()) {
                    if (blocked == null) {
                        log.error("node bus: cannot read this node's inbox: {}; trying again", wrong.get());
                    }
                    blocked = wrong.get();
                } else if (backoff.failures() == 0) {
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
            for (Entry entry : read) {
                last = entry.id();
                handle(entry);
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

    private void handle(Entry entry) {
        Envelope envelope;
        try {
            if (entry.problem() != null) {
                throw new RedisValueException(entry.problem());
            }
            envelope = InboxCodec.decode(entry.fields());
        } catch (RedisValueException e) {
            metrics.malformed();
            log.warn("node bus: {} entry {} skipped: {}", key, entry.id(), e.getMessage());
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
                InboxCalls.deliver(inbox, envelope, next.missedBefore());
            }
            case SenderSequences.Duplicate d -> metrics.duplicated();
            case SenderSequences.Late l -> metrics.reordered();
        }
    }
}
