package com.securevox.call.app;

import com.securevox.call.cluster.CutOff;
import com.securevox.call.cluster.RedisHealth;
import com.securevox.call.httpapi.PeerNodes;
import com.securevox.call.httpapi.PeerRedisCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks every {@link #EVERY} whether this node is cut off from Redis alone ({@link CutOff}), asking the other nodes
 * over HTTP ({@link PeerRedisCheck}) once Redis has failed past a lease's local validity. While it is, the calls served
 * here without a lease are let go ({@link CallLeases#letGoCutOff}), new Engine.IO sessions are refused with 503 (the
 * load balancer passes them to the next server, which takes the lapsed lease), and {@code /health} and {@code /ready}
 * say so. Redis answering again, or the other nodes not reaching it either, ends it.
 *
 * <p>Its own thread: each check may wait up to {@link #PEER_TIMEOUT} on the other nodes, never on an I/O thread.
 */
final class CutOffWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CutOffWatch.class);

    /** How often it looks: a cut-off node's members reconnect elsewhere within that much of its leases' deadline. */
    static final Duration EVERY = Duration.ofSeconds(2);

    /** How long each other node has to answer its {@code /health}: it answers from memory, in milliseconds. */
    static final Duration PEER_TIMEOUT = Duration.ofSeconds(1);

    private final CutOff rule;
    private final PeerRedisCheck peers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cut-off-watch").factory());
    private volatile IntSupplier letGo = () -> 0;

    /**
     * @param after how long Redis must have failed before the other nodes are asked: a lease's local validity
     * @param others the other nodes, as last listed
     */
    CutOffWatch(RedisHealth redis, Duration after, Clock clock, PeerNodes others) {
        this.peers = new PeerRedisCheck(Objects.requireNonNull(others, "others"), PEER_TIMEOUT);
        this.rule = new CutOff(redis::status, after, clock, this::ask);
    }

    /** What lets go of the calls served here without a lease, once they exist; returns how many it let go. */
    void serve(IntSupplier letGoLeaseless) {
        this.letGo = Objects.requireNonNull(letGoLeaseless, "letGoLeaseless");
    }

    void start() {
        timer.scheduleWithFixedDelay(this::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether this node is cut off from Redis while another node reaches it; no I/O. */
    boolean cutOff() {
        return rule.cutOff();
    }

    private void check() {
        try {
            CutOff.Outcome before = rule.last();
            CutOff.Outcome now = rule.check();
            if (now != before && now == CutOff.Outcome.CUT_OFF) {
                log.warn("redis link outcome={} was={} peers={}", now, before, rule.answers());
            } else if (now != before) {
                log.info("redis link outcome={} was={} peers={}", now, before, rule.answers());
            }
            if (now == CutOff.Outcome.CUT_OFF) {
                int count = letGo.getAsInt();
                if (count > 0) {
                    log.warn("cut off from redis while other nodes reach it: calls let go={}", count);
                }
            }
        } catch (RuntimeException e) {
            // The next round looks again; a failure here must not end the schedule.
            log.error("checking whether this node is cut off from redis", e);
        }
    }

    private List<CutOff.PeerAnswer> ask() {
        return peers.ask().stream()
                .<CutOff.PeerAnswer>map(a -> a.reaches()
                        ? new CutOff.Reaches(a.node(), a.since().orElseThrow())
                        : a.redisStatus()
                                .<CutOff.PeerAnswer>map(s -> new CutOff.DoesNotReach(a.node(), s))
                                .orElseGet(() -> new CutOff.NoAnswer(a.node(), a.why())))
                .toList();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        peers.close();
    }
}
