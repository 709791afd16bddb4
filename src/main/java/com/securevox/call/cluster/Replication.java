package com.securevox.call.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What Redis's asynchronous replication means for the leases. A primary acknowledges a write before any replica has it,
 * so a Sentinel failover can promote a replica without a lease (or an epoch) that was just granted: the epoch would go
 * back and two nodes could act as a call's owner. Two rules narrow that down.
 *
 * <ul>
 *   <li>{@link #write}: a lease-granting script is followed, on the same connection, by {@code WAIT 1 <ms>} while the
 *       primary has a replica in sync (a {@code WAIT} with none would only wait out its timeout), so the grant is on a
 *       replica that Sentinel would promote before the node acts on it. A replica that does not confirm in time is
 *       counted and logged and the lease kept (a replica being down must not stop calls), and until the next reading no
 *       write waits for it again, so a hung replica costs one wait a reading, not one per lease.
 *   <li>{@link #check}, every {@link #EVERY}: reads the primary's {@code run_id} and its replicas ({@code INFO}). A new
 *       {@code run_id} is a failover, or a Redis restarted (with or without its data): the listener is told, and the
 *       {@link LeaseKeeper} re-asserts the node's leases there at once ({@link RedisCallOwnership#reassert}), seeding
 *       each call's epoch counter with the lease's epoch so that the next owner's epoch is higher still.
 * </ul>
 */
public final class Replication implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replication.class);

    /** How often the primary and its replicas are read: a failover is acted on within about this. */
    static final Duration EVERY = Duration.ofSeconds(1);
    /**
     * A replica whose last acknowledgement is older than this is not waited for (INFO's {@code lag}, in whole seconds:
     * a healthy replica acknowledges every second, so 0 to 2).
     */
    private static final int IN_SYNC_LAG_SECONDS = 3;

    private static final Pattern RUN_ID = Pattern.compile("^run_id:([0-9a-f]+)\\s*$", Pattern.MULTILINE);
    private static final Pattern REPLICA =
            Pattern.compile("^slave\\d+:.*?\\bstate=([a-z_]+).*?\\blag=(\\d+)\\s*$", Pattern.MULTILINE);

    private final UnifiedJedis redis;
    private final Duration waitFor;
    private final Clock clock;
    private final Rounds watch;
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong unconfirmed = new AtomicLong();
    private volatile Runnable onNewPrimary = () -> {};
    private volatile Optional<Reading> last = Optional.empty();
    /** Whether a granting write waits for a replica: one was in sync at the last reading and none failed since. */
    private volatile boolean confirming;

    private volatile Optional<Instant> changedAt = Optional.empty();

    /**
     * @param redis not closed here
     * @param waitFor how long a granting write waits for a replica: well below the command timeout, which the wait
     *     counts against
     */
    Replication(UnifiedJedis redis, Duration waitFor, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.waitFor = Objects.requireNonNull(waitFor, "waitFor");
        if (waitFor.toMillis() < 1) {
            throw new IllegalArgumentException("waitFor: " + waitFor + " (expected: at least 1ms)");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.watch = new Rounds("redis-replication", this::round, EVERY);
    }

    /** One reading of the primary: its {@code run_id} and how many replicas are online and in sync. */
    record Reading(String runId, int replicasInSync) {
        Reading {
            Objects.requireNonNull(runId, "runId");
        }

        /**
         * From {@code INFO server} and {@code INFO replication}.
         *
         * @throws RedisValueException when the server section names no run_id
         */
        static Reading parse(String server, String replication) throws RedisValueException {
            Matcher id = RUN_ID.matcher(server);
            if (!id.find()) {
                throw new RedisValueException("INFO server: no run_id line (expected: run_id:<hex>)");
            }
            int inSync = 0;
            Matcher replica = REPLICA.matcher(replication);
            while (replica.find()) {
                if (replica.group(1).equals("online") && Integer.parseInt(replica.group(2)) <= IN_SYNC_LAG_SECONDS) {
                    inSync++;
                }
            }
            return new Reading(id.group(1), inSync);
        }
    }

    /** What a granting script answered, and whether a replica confirmed having it (false when none was waited for). */
    record Written(Object reply, boolean confirmed, boolean waited) {}

    /** What {@code /health} and the meters say about the primary; no I/O. */
    public record Status(
            Optional<String> primary, int replicas, long changes, Optional<Instant> changedAt, long unconfirmed) {
        public Status {
            Objects.requireNonNull(primary, "primary");
            Objects.requireNonNull(changedAt, "changedAt");
        }
    }

    /** Starts reading every {@link #EVERY}; {@code onNewPrimary} runs on the reading thread when the primary changed. */
    public void start(Runnable onNewPrimary) {
        this.onNewPrimary = Objects.requireNonNull(onNewPrimary, "onNewPrimary");
        watch.start();
    }

    private long round() {
        check();
        return EVERY.toNanos();
    }

    /**
     * Reads the primary once. A first reading sets what later ones compare with; one with another {@code run_id} is
     * counted, logged and told to the listener.
     *
     * @return whether the primary changed since the last reading
     */
    boolean check() {
        Reading now;
        try {
            now = Reading.parse(redis.info("server"), redis.info("replication"));
        } catch (JedisException | RedisValueException e) {
            // Unreachable: the lease keeper and the heartbeat say so; the next reading that answers compares.
            log.debug("redis replication: not read: {}", e.getMessage());
            return false;
        }
        Optional<Reading> before = last;
        last = Optional.of(now);
        confirming = now.replicasInSync() > 0;
        if (before.isEmpty() || before.get().runId().equals(now.runId())) {
            return false;
        }
        changes.incrementAndGet();
        changedAt = Optional.of(clock.instant());
        log.warn(
                "redis: the primary is another server now (run_id {} was {}), after a failover or a restart:"
                        + " re-asserting this node's leases there",
                now.runId(),
                before.get().runId());
        onNewPrimary.run();
        return true;
    }

    /**
     * Runs a lease-granting script, then, while a replica is in sync, waits on the same connection up to {@code
     * waitFor} for one to confirm it ({@code WAIT} counts the connection's own last write).
     *
     * @throws JedisException as {@code eval} would
     */
    Written write(String script, List<String> keys, List<String> args) {
        if (!confirming) {
            return new Written(redis.eval(script, keys, args), false, false);
        }
        try (AbstractPipeline pipeline = redis.pipelined()) {
            if (!(pipeline instanceof Pipeline one)) {
                // Only a Redis Cluster pipelines over several connections, where WAIT would count another one's writes.
                return new Written(redis.eval(script, keys, args), false, false);
            }
            Response<Object> reply = one.eval(script, keys, args);
            Response<Long> replicas = one.waitReplicas(1, waitFor.toMillis());
            one.sync();
            Object result = reply.get();
            return new Written(result, replicas.get() >= 1, true);
        }
    }

    /**
     * A granting write that no replica confirmed in time: counted, logged, and no write waits again until the next
     * reading finds a replica in sync. The lease is kept.
     */
    void unconfirmed(String callId, long epoch) {
        unconfirmed.incrementAndGet();
        confirming = false;
        log.warn(
                "call {} epoch {}: no replica confirmed the lease within {} ms; kept (a failover now could lose it)",
                callId,
                epoch,
                waitFor.toMillis());
    }

    public Status status() {
        Optional<Reading> reading = last;
        return new Status(
                reading.map(Reading::runId),
                reading.map(Reading::replicasInSync).orElse(0),
                changes.get(),
                changedAt,
                unconfirmed.get());
    }

    /** Stops reading (the connections are the owner's to close). */
    @Override
    public void close() {
        watch.stop(Duration.ofSeconds(2));
    }
}
