package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.cluster.CutOff.DoesNotReach;
import com.securevox.call.cluster.CutOff.NoAnswer;
import com.securevox.call.cluster.CutOff.Outcome;
import com.securevox.call.cluster.CutOff.PeerAnswer;
import com.securevox.call.cluster.CutOff.Reaches;
import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule that tells "Redis down for every node" (fault (b): calls go on) from "this node alone cut off" (fault (d):
 * calls let go), by what the other nodes answer once Redis has failed past a lease's local validity.
 */
class CutOffTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration AFTER = LeaseTimes.DEFAULT.localValidity();

    private final MutableClock clock = new MutableClock(T0);
    private final RedisHealth redis = new RedisHealth(clock);
    private final List<PeerAnswer> answers = new ArrayList<>();
    private final AtomicInteger asked = new AtomicInteger();
    private final CutOff cutOff = new CutOff(redis::status, AFTER, clock, () -> {
        asked.incrementAndGet();
        return List.copyOf(answers);
    });

    static Stream<Arguments> table() {
        // Both have reached Redis for long; bJust only for less than STEADY when asked at 60 s.
        Reaches b = new Reaches("b", T0.minusSeconds(3600));
        Reaches c = new Reaches("c", T0.minusSeconds(3600));
        Reaches bJust = new Reaches("b", T0.plusSeconds(60).minus(CutOff.STEADY).plusMillis(1));
        Reaches bSteady = new Reaches("b", T0.plusSeconds(60).minus(CutOff.STEADY));
        DoesNotReach bDown = new DoesNotReach("b", "unreachable");
        DoesNotReach cDown = new DoesNotReach("c", "unreachable");
        DoesNotReach cCut = new DoesNotReach("c", "cut-off");
        NoAnswer bSilent = new NoAnswer("b", "did not answer within 1000 ms");
        NoAnswer cSilent = new NoAnswer("c", "could not be reached: Connection refused");
        return Stream.of(
                // redis failed for (ms; -1: it answers), the other nodes' answers, the outcome, whether they were asked
                Arguments.of(-1L, List.of(b, c), Outcome.CONNECTED, false),
                Arguments.of(0L, List.of(b, c), Outcome.WAITING, false),
                Arguments.of(AFTER.toMillis() - 1, List.of(b, c), Outcome.WAITING, false),
                Arguments.of(AFTER.toMillis(), List.of(b, c), Outcome.CUT_OFF, true),
                Arguments.of(AFTER.toMillis(), List.of(b), Outcome.CUT_OFF, true),
                Arguments.of(AFTER.toMillis(), List.of(bDown, c), Outcome.CUT_OFF, true),
                Arguments.of(AFTER.toMillis(), List.of(bSilent, c), Outcome.CUT_OFF, true),
                Arguments.of(60_000L, List.of(bDown, cDown), Outcome.REDIS_DOWN, true),
                Arguments.of(60_000L, List.of(bSilent, cSilent), Outcome.REDIS_DOWN, true),
                Arguments.of(60_000L, List.of(bDown, cSilent), Outcome.REDIS_DOWN, true),
                Arguments.of(60_000L, List.of(bDown, cCut), Outcome.REDIS_DOWN, true),
                Arguments.of(60_000L, List.of(), Outcome.REDIS_DOWN, true),
                // Redis back for everyone: the others reconnected just before this node, which must not let go.
                Arguments.of(60_000L, List.of(bJust, cDown), Outcome.REDIS_DOWN, true),
                Arguments.of(60_000L, List.of(bSteady, cDown), Outcome.CUT_OFF, true));
    }

    @ParameterizedTest(name = "redis failed {0} ms, peers {1} -> {2}")
    @MethodSource("table")
    void decidesByWhatTheOtherNodesAnswer(long failedMs, List<PeerAnswer> peers, Outcome expected, boolean asks) {
        answers.addAll(peers);
        if (failedMs >= 0) {
            redis.failed("connection refused");
            clock.advance(Duration.ofMillis(failedMs));
        }

        assertThat(cutOff.check()).isEqualTo(expected);
        assertThat(cutOff.last()).isEqualTo(expected);
        assertThat(cutOff.cutOff()).isEqualTo(expected == Outcome.CUT_OFF);
        assertThat(asked.get()).as("peers asked").isEqualTo(asks ? 1 : 0);
        assertThat(cutOff.answers()).isEqualTo(asks ? peers : List.of());
    }

    @Test
    void redisAnsweringAgainEndsTheCutOffAtOnceAndTheNextCheckSaysConnected() {
        answers.add(new Reaches("b", T0.minusSeconds(3600)));
        redis.failed("connection refused");
        clock.advance(AFTER);
        assertThat(cutOff.check()).isEqualTo(Outcome.CUT_OFF);

        redis.answered();

        assertThat(cutOff.cutOff()).as("between checks, without I/O").isFalse();
        assertThat(cutOff.check()).isEqualTo(Outcome.CONNECTED);
        assertThat(asked.get()).isEqualTo(1);
    }

    @Test
    void theOtherNodesLosingRedisTooTurnsACutOffIntoAnOutageForEveryone() {
        answers.add(new Reaches("b", T0.minusSeconds(3600)));
        redis.failed("connection refused");
        clock.advance(AFTER);
        assertThat(cutOff.check()).isEqualTo(Outcome.CUT_OFF);

        answers.clear();
        answers.add(new DoesNotReach("b", "unreachable"));
        clock.advance(Duration.ofSeconds(2));

        assertThat(cutOff.check()).isEqualTo(Outcome.REDIS_DOWN);
        assertThat(cutOff.cutOff()).isFalse();
    }

    @Test
    void aFreshFailureAfterRedisCameBackWaitsAFullLocalValidityAgain() {
        answers.add(new Reaches("b", T0.minusSeconds(3600)));
        redis.failed("connection refused");
        clock.advance(AFTER.plusSeconds(5));
        redis.answered();
        clock.advance(Duration.ofSeconds(1));
        redis.failed("connection refused");
        clock.advance(AFTER.minusMillis(1));

        assertThat(cutOff.check()).isEqualTo(Outcome.WAITING);
        assertThat(asked.get()).isZero();
    }

    @Test
    void redisAnsweringWhileTheOthersAreAskedIsNotACutOff() {
        redis.failed("connection refused");
        clock.advance(AFTER);
        CutOff racing = new CutOff(redis::status, AFTER, clock, () -> {
            redis.answered();
            return List.of(new Reaches("b", T0.minusSeconds(3600)));
        });

        assertThat(racing.check()).isEqualTo(Outcome.CONNECTED);
        assertThat(racing.cutOff()).isFalse();
    }

    @Test
    void refusesANegativeWait() {
        assertThatThrownBy(() -> new CutOff(redis::status, Duration.ofMillis(-1), clock, List::of))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("after: PT-0.001S (expected: zero or more)");
    }
}
