package com.securevox.call.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Whether this node, unable to reach Redis, is cut off from it alone (fault (d): it must stop acting on the calls it
 * serves without a lease, since another node can take them) or Redis is down for every node (fault (b): its calls go
 * on here, as nobody else can take them). Redis alone cannot tell the two apart, so once Redis has failed for longer
 * than a lease's local validity (every lease this node held has then passed its local deadline) it asks the other
 * nodes it last knew as live whether they reach Redis: one that says it has reached it for {@link #STEADY} or longer
 * makes this node cut off. No answer, or only nodes that do not reach Redis either (or only just again), is (b). Asked again at each {@link #check}, so the outcome follows the
 * other nodes, and Redis answering again ends it.
 *
 * <p>The rule errs towards (b): a node that reaches neither Redis nor any other node keeps its calls, as it did before
 * this rule existed; two copies of a call can then act at once until the cut heals (docs/deploy.md).
 */
public final class CutOff {
    /** Port: asks the other live nodes whether they reach Redis. Blocks on I/O, bounded by the port's timeouts. */
    @FunctionalInterface
    public interface Peers {
        List<PeerAnswer> ask();
    }

    /** What one other node answered. */
    public sealed interface PeerAnswer {
        String node();
    }

    /** The node said it reaches Redis, and has since {@code since} (by its clock). */
    public record Reaches(String node, Instant since) implements PeerAnswer {
        public Reaches {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(since, "since");
        }
    }

    /** The node said it does not reach Redis ({@code status} as it said it: unreachable, or cut off itself). */
    public record DoesNotReach(String node, String status) implements PeerAnswer {
        public DoesNotReach {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(status, "status");
        }
    }

    /** The node did not answer, or answered something that is not a health answer; {@code why} says which. */
    public record NoAnswer(String node, String why) implements PeerAnswer {
        public NoAnswer {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(why, "why");
        }
    }

    /** What a {@link #check} found. */
    public enum Outcome {
        /** Redis answers this node. */
        CONNECTED,
        /** Redis does not answer, for less than a lease's local validity: the leases may still be valid. */
        WAITING,
        /** Redis does not answer, and no other node says it does: down for everyone, calls go on here. */
        REDIS_DOWN,
        /** Redis does not answer this node, and another node says it answers: this node alone is cut off. */
        CUT_OFF
    }

    /**
     * How long another node must have reached Redis to count: when Redis comes back after an outage for everyone, the
     * nodes reconnect a second or so apart, and the last one must not take the first ones' answers for a cut-off and
     * let its calls go.
     */
    public static final Duration STEADY = Duration.ofSeconds(5);

    private final Supplier<RedisHealth.Status> redis;
    private final Duration after;
    private final Clock clock;
    private final Peers peers;
    private volatile Outcome last = Outcome.CONNECTED;
    private volatile List<PeerAnswer> answers = List.of();

    /**
     * @param redis whether Redis answers this node, and since when (no I/O)
     * @param after how long Redis must have failed before the other nodes are asked: a lease's local validity, so no
     *     lease this node holds is still valid then
     */
    public CutOff(Supplier<RedisHealth.Status> redis, Duration after, Clock clock, Peers peers) {
        this.redis = Objects.requireNonNull(redis, "redis: null (expected: the node's RedisHealth status)");
        this.after = Objects.requireNonNull(after, "after: null (expected: a lease's local validity)");
        if (after.isNegative()) {
            throw new IllegalArgumentException("after: " + after + " (expected: zero or more)");
        }
        this.clock = Objects.requireNonNull(clock, "clock: null (expected: a Clock)");
        this.peers = Objects.requireNonNull(peers, "peers: null (expected: a Peers port)");
    }

    /**
     * The rule over the other nodes' answers at {@code now}, once Redis has failed long enough: cut off if one of them
     * has reached Redis for {@link #STEADY} or longer.
     */
    public static Outcome decide(List<PeerAnswer> answers, Instant now) {
        Instant steadySince = now.minus(STEADY);
        return answers.stream()
                        .anyMatch(a -> a instanceof Reaches r && !r.since().isAfter(steadySince))
                ? Outcome.CUT_OFF
                : Outcome.REDIS_DOWN;
    }

    /**
     * Looks again: asks the other nodes only when Redis has failed for {@code after} or longer. Blocks on their
     * answers; called from one thread at a time.
     */
    public Outcome check() {
        Outcome now;
        List<PeerAnswer> heard = List.of();
        if (redis.get() instanceof RedisHealth.Unreachable u) {
            if (Duration.between(u.since(), clock.instant()).compareTo(after) < 0) {
                now = Outcome.WAITING;
            } else {
                heard = List.copyOf(peers.ask());
                now = decide(heard, clock.instant());
                // Redis may have answered while the others were asked: this node is then not cut off.
                if (now == Outcome.CUT_OFF && !(redis.get() instanceof RedisHealth.Unreachable)) {
                    now = Outcome.CONNECTED;
                }
            }
        } else {
            now = Outcome.CONNECTED;
        }
        answers = heard;
        last = now;
        return now;
    }

    /** The outcome of the last {@link #check}; no I/O. */
    public Outcome last() {
        return last;
    }

    /** Whether the last {@link #check} found this node cut off, and Redis still does not answer it; no I/O. */
    public boolean cutOff() {
        return last == Outcome.CUT_OFF && redis.get() instanceof RedisHealth.Unreachable;
    }

    /** The other nodes' answers at the last {@link #check} that asked them; empty when it did not ask. */
    public List<PeerAnswer> answers() {
        return answers;
    }
}
