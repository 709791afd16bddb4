package com.securevox.call.cluster;

import com.securevox.call.call.CallOwnership;
import com.securevox.call.call.Ticker;
import com.securevox.call.trust.ConnectionFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Call leases in Redis. A call has two keys in one hash slot: {@code {call:<id>}:owner} holds {@code <node>:<epoch>}
 * with the lease's time to live, and {@code {call:<id>}:epoch} counts acquisitions. Every change is one Lua script,
 * so acquiring (only when nobody owns the call; the epoch is the next count), renewing and releasing (only with the
 * exact owner value, node and epoch) are atomic, and a stale owner's renewal or release fails.
 *
 * <p>The node keeps the leases it holds with their local deadlines; {@link #mayActAsOwner} reads only that, so it
 * answers without I/O, and a node that cannot renew stops acting as owner by its deadline, which falls before Redis
 * lets the key lapse: the deadline counts from the {@link Ticker} reading taken before the command was sent, and Redis
 * starts the time to live when it runs the command, later. The ticker is monotonic, so setting the wall clock back
 * cannot keep a cut-off node acting as owner.
 *
 * <p>Every granting write (acquiring, taking over, renewing, re-asserting) goes through {@link Replication}, which
 * waits for a replica to confirm it while one is in sync, and notices a new primary; {@link #reassert} then puts a
 * lease that a failover lost back, with its epoch.
 */
public final class RedisCallOwnership implements CallOwnership, LeaseKeeper.Leases, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisCallOwnership.class);

    /**
     * How long the epoch counter outlives the last lease of a call: a new owner must get a higher epoch than any
     * owner that may still think it holds the call, and it is renewed with every lease.
     */
    static final Duration EPOCH_RETENTION = Duration.ofDays(1);

    /** KEYS: owner, epoch (and state, untouched); ARGV: node, ttl ms, epoch retention ms. */
    private static final String ACQUIRE = """
            local current = redis.call('GET', KEYS[1])
            if current then return {0, current} end
            local epoch = redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            local owner = ARGV[1] .. ':' .. epoch
            redis.call('SET', KEYS[1], owner, 'PX', ARGV[2])
            return {1, owner}
            """;

    /**
     * The start RENEW and REASSERT share (KEYS: owner, epoch, state; ARGV: owner value, ttl ms, epoch retention ms,
     * state keep ms): renews the lease and what lives with it when it is this owner's, answers {@code {0, owner}} when
     * it is another node's, and falls through when nobody holds the call.
     */
    private static final String RENEW_IF_HELD = """
            local current = redis.call('GET', KEYS[1])
            if current == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              redis.call('PEXPIRE', KEYS[2], ARGV[3])
              redis.call('PEXPIRE', KEYS[3], ARGV[4])
              return {1, current}
            end
            if current then return {0, current} end
            """;

    /**
     * KEYS: owner, epoch, state; ARGV: owner value, ttl ms, epoch retention ms, state keep ms. The call's state
     * ({@link RedisCallStates}) lives as long as the lease plus the time its clients need to come back elsewhere.
     */
    private static final String RENEW = RENEW_IF_HELD + "return {0}\n";

    /**
     * KEYS: owner, epoch, state; ARGV: owner value, ttl ms, epoch retention ms, state keep ms, the lease's epoch. After a
     * failover or a restart: renews the lease if it is there; if nobody holds the call and no later owner was counted,
     * puts the lease back and raises the epoch counter to its epoch (never lowers it), so the next owner's epoch is
     * higher. A counter above the lease's epoch means a later owner held the call: the lease is not brought back.
     */
    private static final String REASSERT = RENEW_IF_HELD + """
            local counted = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
            if counted > tonumber(ARGV[5]) then return {0} end
            redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[3])
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('PEXPIRE', KEYS[3], ARGV[4])
            return {1, ARGV[1]}
            """;

    /** KEYS: owner; ARGV: owner value. */
    private static final String RELEASE = """
            local current = redis.call('GET', KEYS[1])
            if current == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return {1, current}
            end
            if current then return {0, current} end
            return {0}
            """;

    private final UnifiedJedis redis;
    private final String node;
    private final LeaseTimes times;
    private final Ticker ticker;
    private final Duration stateKeep;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    private final Replication replication;

    /**
     * How long a granting write waits for a replica to confirm it, at most: a small part of a lease's life, and well
     * below the command timeout it counts against.
     */
    static final Duration REPLICA_WAIT = Duration.ofMillis(250);

    /**
     * @param redis closed by {@link #close()}
     * @param node this node's id, as {@link Owner#isValidNode} allows
     */
    public RedisCallOwnership(UnifiedJedis redis, String node, LeaseTimes times, Ticker ticker) {
        this(redis, node, times, ticker, times.ttl());
    }

    /**
     * @param stateKeep how long a call's state ({@link #states}) outlives the last renewal of its lease
     */
    public RedisCallOwnership(UnifiedJedis redis, String node, LeaseTimes times, Ticker ticker, Duration stateKeep) {
        this.stateKeep = Objects.requireNonNull(stateKeep, "stateKeep");
        this.redis = Objects.requireNonNull(redis, "redis");
        if (!Owner.isValidNode(node)) {
            throw new IllegalArgumentException("node: invalid (expected: 1 to 64 of [A-Za-z0-9._-])");
        }
        this.node = node;
        this.times = Objects.requireNonNull(times, "times");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.replication = new Replication(redis, REPLICA_WAIT, Clock.systemUTC());
    }

    /** The primary's replication as this node sees it; its watch is started by the caller, and closed with this. */
    public Replication replication() {
        return replication;
    }

    /**
     * Leases in the Redis {@code settings} name; connections are opened when first needed (with Sentinel, the Sentinels
     * are asked at once).
     *
     * @throws RedisUnreachableException when no Sentinel answers, saying why
     */
    public static RedisCallOwnership open(RedisSettings settings, String node, LeaseTimes times, Ticker ticker) {
        return open(settings, node, times, ticker, times.ttl());
    }

    /** Like {@link #open(RedisSettings, String, LeaseTimes, Ticker)}, with calls' states kept {@code stateKeep}. */
    public static RedisCallOwnership open(
            RedisSettings settings, String node, LeaseTimes times, Ticker ticker, Duration stateKeep) {
        return new RedisCallOwnership(RedisClients.open(settings, node), node, times, ticker, stateKeep);
    }

    /** The calls' states, kept on this connection and fenced by this node's leases; closed with this. */
    public RedisCallStates states() {
        return new RedisCallStates(redis, stateKeep);
    }

    /**
     * This node's announcement among the nodes ({@link NodeRegistry}), on this connection pool: a node holds one pool
     * for its leases, their states and its heartbeat. Close it before this.
     */
    public NodeRegistry nodes(
            NodeEntry self, NodeRegistry.Local local, Duration ttl, Duration every, Clock clock, RedisHealth health) {
        if (!self.id().equals(node)) {
            throw new IllegalArgumentException("node entry id: '" + self.id() + "' (expected: '" + node + "')");
        }
        return new NodeRegistry(redis, self, local, ttl, every, clock, health);
    }

    /**
     * The directory of device connections ({@link RedisDeviceDirectory}) on this connection pool. Close it before
     * this.
     *
     * @param live the ids of the live nodes now, without I/O
     */
    public RedisDeviceDirectory devices(Supplier<Set<String>> live, Clock clock, Duration ttl, Duration every) {
        return new RedisDeviceDirectory(redis, node, live, clock, ttl, every);
    }

    /**
     * Who is in this node's calls, in Redis for the other nodes ({@link RedisInCall}), on this connection pool. Close
     * it before this.
     *
     * @param live the ids of the live nodes now, without I/O
     * @param members who is in a call this node serves now, without I/O
     */
    public RedisInCall inCall(
            Supplier<Set<String>> live, Supplier<Set<String>> members, Clock clock, Duration ttl, Duration check) {
        return new RedisInCall(redis, node, live, members, clock, ttl, check);
    }

    /** The glare rule across nodes ({@link RedisGlarePairs}) on this connection pool. */
    public RedisGlarePairs glare() {
        return new RedisGlarePairs(redis);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public Claim acquire(String callId) {
        return acquire(callId, true);
    }

    private Claim acquire(String callId, boolean mayRetry) {
        long sent = ticker.nanos();
        RedisValues.Reply reply;
        Replication.Written written;
        try {
            written = replication.write(ACQUIRE, keys(callId), List.of(node, ttl(), retention()));
            reply = RedisValues.reply(written.reply());
        } catch (JedisException e) {
            return unavailable("acquire", callId, e);
        } catch (RedisValueException e) {
            return broken("acquire", callId, e);
        }
        if (!reply.done()) {
            if (reply.owner().filter(o -> o.node().equals(node)).isPresent()) {
                return adopt(callId, reply.owner().get(), sent, mayRetry);
            }
            // The script answers [0, owner] when the call is held; [0] would mean it neither held nor granted.
            return reply.owner()
                    .<Claim>map(Held::new)
                    .orElseGet(() -> new Unavailable("acquire: no owner and none set"));
        }
        Owner owner = reply.owner().orElseThrow();
        if (!owner.node().equals(node)) {
            return new Unavailable("acquire: granted to " + RedisValues.encode(owner) + ", not to " + node);
        }
        confirm(written, callId, owner);
        Lease lease = new Lease(callId, owner, sent + times.localValidity().toNanos());
        held.put(callId, lease);
        return new Granted(lease);
    }

    /** A granting write that waited for a replica in vain is counted and logged; the lease is kept all the same. */
    private void confirm(Replication.Written written, String callId, Owner owner) {
        if (written.waited() && !written.confirmed()) {
            replication.unconfirmed(callId, owner.epoch());
        }
    }

    /**
     * A lease under this node's id that this node is asked to acquire: granted by an acquisition whose reply was lost
     * (it timed out while Redis was slow), or held by this node's previous run. Either way nobody else acts on it, so
     * this node takes it over with that epoch by renewing it; should it lapse meanwhile, one more acquisition decides.
     */
    private Claim adopt(String callId, Owner owner, long sent, boolean mayRetry) {
        RedisValues.Reply reply;
        Replication.Written written;
        try {
            written = replication.write(
                    RENEW, keys(callId), List.of(RedisValues.encode(owner), ttl(), retention(), keep()));
            reply = RedisValues.reply(written.reply());
        } catch (JedisException e) {
            return unavailable("acquire", callId, e);
        } catch (RedisValueException e) {
            return broken("acquire", callId, e);
        }
        if (reply.done()) {
            confirm(written, callId, owner);
            log.info("call {}: took over this node's lease under epoch {}", callId, owner.epoch());
            Lease lease = new Lease(callId, owner, sent + times.localValidity().toNanos());
            held.put(callId, lease);
            return new Granted(lease);
        }
        return mayRetry
                ? acquire(callId, false)
                : reply.owner().<Claim>map(Held::new).orElseGet(Free::new);
    }

    @Override
    public Claim renew(Lease lease) {
        return renew(lease, RENEW, List.of(RedisValues.encode(lease.owner()), ttl(), retention(), keep()));
    }

    /**
     * Renews the lease after the primary changed ({@link Replication}): as {@link #renew}, but a lease that the
     * failover (or a restart without persistence) lost is put back with its epoch, and the call's epoch counter raised
     * to it, unless another node holds the call now or a later owner was counted; then it is lost as a renewal finds.
     */
    @Override
    public Claim reassert(Lease lease) {
        return renew(
                lease,
                REASSERT,
                List.of(
                        RedisValues.encode(lease.owner()),
                        ttl(),
                        retention(),
                        keep(),
                        Long.toString(lease.owner().epoch())));
    }

    private Claim renew(Lease lease, String script, List<String> args) {
        long sent = ticker.nanos();
        RedisValues.Reply reply;
        Replication.Written written;
        try {
            written = replication.write(script, keys(lease.callId()), args);
            reply = RedisValues.reply(written.reply());
        } catch (JedisException e) {
            Optional<RedisValueException> wrongType = RedisValues.wrongType(e);
            if (wrongType.isPresent()) {
                return gone(lease, wrongType.get());
            }
            // The lease may well still be ours; its local deadline decides until Redis answers again.
            return unavailable("renew", lease.callId(), e);
        } catch (RedisValueException e) {
            return gone(lease, e);
        }
        if (reply.done()) {
            confirm(written, lease.callId(), lease.owner());
            Lease renewed = new Lease(
                    lease.callId(), lease.owner(), sent + times.localValidity().toNanos());
            // Released meanwhile: not brought back.
            Lease kept = held.computeIfPresent(
                    lease.callId(), (id, current) -> current.owner().equals(lease.owner()) ? renewed : current);
            return kept == renewed ? new Granted(renewed) : new Held(lease.owner());
        }
        held.computeIfPresent(lease.callId(), (id, current) -> current.owner().equals(lease.owner()) ? null : current);
        return reply.owner().<Claim>map(Held::new).orElseGet(Free::new);
    }

    @Override
    public boolean release(Lease lease) {
        // Acting as owner stops before the command is sent, whatever Redis answers.
        forget(lease);
        try {
            return RedisValues.reply(redis.eval(
                            RELEASE, List.of(ownerKey(lease.callId())), List.of(RedisValues.encode(lease.owner()))))
                    .done();
        } catch (RedisValueException e) {
            broken("release", lease.callId(), e);
            return false;
        } catch (JedisException e) {
            log.warn(
                    "release of call {} epoch {}: {}",
                    lease.callId(),
                    lease.owner().epoch(),
                    e.getMessage());
            return false;
        }
    }

    @Override
    public Lookup owner(String callId) {
        try {
            String value = redis.get(ownerKey(callId));
            return value == null ? new Free() : new Held(RedisValues.owner(value));
        } catch (JedisException e) {
            return unavailable("owner", callId, e);
        } catch (RedisValueException e) {
            return broken("owner", callId, e);
        }
    }

    @Override
    public boolean mayActAsOwner(Lease lease) {
        Lease current = held.get(lease.callId());
        return current != null && current.owner().equals(lease.owner()) && ticker.before(current.validUntilNanos());
    }

    @Override
    public Collection<Lease> held() {
        return List.copyOf(held.values());
    }

    /**
     * How many calls this node may act as the owner of now ({@link #mayActAsOwner}): the leases it holds whose local
     * deadline has not passed. A lease the renewer has not yet found lapsed counts among {@link #held()}, not here.
     */
    public int acting() {
        return (int) held.values().stream()
                .filter(lease -> ticker.before(lease.validUntilNanos()))
                .count();
    }

    @Override
    public void forget(Lease lease) {
        held.computeIfPresent(lease.callId(), (id, current) -> current.owner().equals(lease.owner()) ? null : current);
    }

    /** Whether Redis answers now; for the start-up check. */
    public boolean reachable() {
        return unreachable().isEmpty();
    }

    /**
     * Why Redis does not answer now, in one line (such as {@code TLS handshake failed: host name mismatch (…)}); empty
     * when it does.
     */
    public Optional<String> unreachable() {
        try {
            String pong = redis.ping();
            return "PONG".equals(pong)
                    ? Optional.empty()
                    : Optional.of("PING answered " + RedisValues.shown(String.valueOf(pong)) + " (expected: PONG)");
        } catch (JedisException e) {
            String why = ConnectionFailure.of(e).describe();
            log.warn("redis ping: {}", why);
            return Optional.of(why);
        }
    }

    /** Releases every lease this node holds (another node can take the call at once), then closes the connections. */
    @Override
    public void close() {
        replication.close();
        for (Lease lease : List.copyOf(held.values())) {
            release(lease);
        }
        redis.close();
    }

    private Unavailable unavailable(String operation, String callId, Exception e) {
        String reason = operation + " of call " + callId + ": " + e.getMessage();
        log.warn("redis {}", reason);
        return new Unavailable(reason);
    }

    /**
     * The call's owner key holds what no node writes: the call cannot be served until someone deletes it (or it
     * lapses), but Redis answered, so it is no outage and the other calls go on.
     */
    private Unavailable broken(String operation, String callId, RedisValueException e) {
        String reason =
                operation + " of call " + callId + ": " + ownerKey(callId) + " holds no lease: " + e.getMessage();
        log.error("redis {}", reason);
        return new Unavailable(reason);
    }

    /**
     * Redis answered a renewal: the key holds something that is not this lease (that would have matched), so this node
     * holds the call no more. Bad data for this call, not an outage: the other leases renew on.
     */
    private Free gone(Lease lease, RedisValueException e) {
        broken("renew", lease.callId(), e);
        forget(lease);
        return new Free();
    }

    private String ttl() {
        return Long.toString(times.ttl().toMillis());
    }

    private String keep() {
        return Long.toString(stateKeep.toMillis());
    }

    private static String retention() {
        return Long.toString(EPOCH_RETENTION.toMillis());
    }

    private static List<String> keys(String callId) {
        return List.of(ownerKey(callId), "{call:" + callId + "}:epoch", RedisCallStates.stateKey(callId));
    }

    /** The hash tag keeps a call's keys in one slot, so one script may touch both on a Redis Cluster too. */
    static String ownerKey(String callId) {
        return "{call:" + callId + "}:owner";
    }
}
