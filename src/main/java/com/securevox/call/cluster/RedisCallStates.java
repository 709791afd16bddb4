package com.securevox.call.cluster;

import com.securevox.call.call.CallOwnership;
import com.securevox.call.call.CallState;
import com.securevox.call.call.CallStates;
import com.securevox.call.call.CallStates.KeptSignal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Call states in Redis, at {@code {call:<id>}:state}: in the hash slot of the call's lease ({@link
 * RedisCallOwnership}), so one script reads the owner and writes the state atomically. A write or delete happens only
 * while {@code {call:<id>}:owner} is exactly the writer's {@code <node>:<epoch>}: a stale owner cannot overwrite what
 * the call's new owner keeps. Each write lives {@code keep}, and every renewal of the lease extends it to that again,
 * so the state outlives its owner by {@code keep}: the lease's time to live plus the reconnect grace, long enough for
 * the clients of a dead owner to come back elsewhere, short enough that a later call of the same id starts anew.
 * What the key holds is decoded by {@link CallStateCodec}; garbage is logged and taken for no state.
 *
 * <p>The signals an owner handing its call over kept for members in reconnect grace are at {@code {call:<id>}:held}
 * ({@link HeldSignalsCodec}), written under the same fence and living {@code keep} from that write; the node that
 * restores the call reads and deletes them in one step, so they are replayed once.
 */
public final class RedisCallStates implements CallStates {
    private static final Logger log = LoggerFactory.getLogger(RedisCallStates.class);

    /** KEYS: owner, state; ARGV: owner value, state, keep ms. */
    private static final String WRITE = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            return 1
            """;

    /** KEYS: owner, state; ARGV: owner value. */
    private static final String DELETE = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[2])
            return 1
            """;

    /** KEYS: held; the value, deleted with its read. */
    private static final String TAKE = """
            local value = redis.call('GET', KEYS[1])
            if value then redis.call('DEL', KEYS[1]) end
            return value
            """;

    private final UnifiedJedis redis;
    private final Duration keep;

    /**
     * @param redis not closed here: its owner closes it
     * @param keep how long a state outlives its last write or lease renewal
     */
    public RedisCallStates(UnifiedJedis redis, Duration keep) {
        this.redis = Objects.requireNonNull(redis, "redis: null (expected: a Redis client)");
        Objects.requireNonNull(keep, "keep: null (expected: how long a state outlives its owner)");
        if (keep.toMillis() < 1) {
            throw new IllegalArgumentException("keep: " + keep + " (expected: at least 1ms)");
        }
        this.keep = keep;
    }

    @Override
    public Optional<CallState> read(String sessionId) {
        String raw;
        try {
            raw = redis.get(stateKey(sessionId));
        } catch (JedisException e) {
            log.warn("call state of {}: unreadable, the call starts anew: {}", sessionId, e.getMessage());
            return Optional.empty();
        }
        if (raw == null) {
            return Optional.empty();
        }
        try {
            CallState state = CallStateCodec.decode(raw);
            if (!state.sessionId().equals(sessionId)) {
                throw new RedisValueException("call state sessionId: " + RedisValues.shown(state.sessionId())
                        + " (expected: '" + sessionId + "', the key's)");
            }
            return Optional.of(state);
        } catch (RedisValueException e) {
            log.warn("call state of {}: garbage ignored, the call starts anew: {}", sessionId, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public boolean write(CallOwnership.Lease lease, CallState state) {
        if (!state.sessionId().equals(lease.callId())) {
            throw new IllegalArgumentException("state of call '" + state.sessionId() + "' under the lease of '"
                    + lease.callId() + "' (expected: the same call)");
        }
        return run(
                "write",
                lease,
                WRITE,
                List.of(
                        RedisValues.encode(lease.owner()),
                        CallStateCodec.encode(state),
                        Long.toString(keep.toMillis())));
    }

    @Override
    public boolean delete(CallOwnership.Lease lease) {
        return run("delete", lease, DELETE, List.of(RedisValues.encode(lease.owner())));
    }

    @Override
    public boolean keepHeld(CallOwnership.Lease lease, List<KeptSignal> held) {
        HeldSignalsCodec.Encoded encoded = HeldSignalsCodec.encode(lease.callId(), held);
        if (encoded.count() < held.size()) {
            log.warn(
                    "held signals of {}: {} of {} kept, the rest is over {} signals or {} characters and is lost",
                    lease.callId(),
                    encoded.count(),
                    held.size(),
                    HeldSignalsCodec.MAX_SIGNALS,
                    HeldSignalsCodec.MAX_LENGTH);
        }
        try {
            Object reply = redis.eval(
                    WRITE,
                    List.of(RedisCallOwnership.ownerKey(lease.callId()), heldKey(lease.callId())),
                    List.of(RedisValues.encode(lease.owner()), encoded.text(), Long.toString(keep.toMillis())));
            return Long.valueOf(1).equals(reply);
        } catch (JedisException e) {
            log.warn(
                    "held signals write of {} epoch {}: {}",
                    lease.callId(),
                    lease.owner().epoch(),
                    e.getMessage());
            return false;
        }
    }

    @Override
    public List<KeptSignal> takeHeld(String sessionId) {
        Object raw;
        try {
            raw = redis.eval(TAKE, List.of(heldKey(sessionId)), List.of());
        } catch (JedisException e) {
            log.warn("held signals of {}: unreadable, they are lost: {}", sessionId, e.getMessage());
            return List.of();
        }
        if (raw == null) {
            return List.of();
        }
        try {
            HeldSignalsCodec.Decoded decoded = HeldSignalsCodec.decode(RedisValues.text(raw));
            if (!decoded.sessionId().equals(sessionId)) {
                throw new RedisValueException("held signals sessionId: " + RedisValues.shown(decoded.sessionId())
                        + " (expected: '" + sessionId + "', the key's)");
            }
            return decoded.held();
        } catch (RedisValueException e) {
            log.warn("held signals of {}: garbage ignored, they are lost: {}", sessionId, e.getMessage());
            return List.of();
        }
    }

    private boolean run(String operation, CallOwnership.Lease lease, String script, List<String> args) {
        try {
            Object reply = redis.eval(
                    script, List.of(RedisCallOwnership.ownerKey(lease.callId()), stateKey(lease.callId())), args);
            return Long.valueOf(1).equals(reply);
        } catch (JedisException e) {
            log.warn(
                    "call state {} of {} epoch {}: {}",
                    operation,
                    lease.callId(),
                    lease.owner().epoch(),
                    e.getMessage());
            return false;
        }
    }

    /** Next to the state, in the slot of the call's lease. */
    static String heldKey(String callId) {
        return "{call:" + callId + "}:held";
    }

    /** The hash tag puts it in the slot of the call's lease. */
    static String stateKey(String callId) {
        return "{call:" + callId + "}:state";
    }
}
