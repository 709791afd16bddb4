package com.securevox.call.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallOwnership;
import com.securevox.call.call.CallStates;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.cluster.LeaseTimes;
import com.securevox.call.cluster.RedisCallOwnership;
import com.securevox.call.signaling.CallHome;
import com.securevox.call.signaling.SignalingException;
import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which calls a node serves, from the leases in a real Redis of the test's own. */
class CallLeasesTest {
    private static final LeaseTimes TIMES = new LeaseTimes(Duration.ofSeconds(10), Duration.ofMillis(500));
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    final RedisNodes nodes = new RedisNodes(Duration.ofMillis(300));

    private RedisServer redis;

    @BeforeEach
    void redis() {
        redis = nodes.redis();
    }

    private RedisCallOwnership ownership(String node) {
        return ownership(node, TIMES);
    }

    private RedisCallOwnership ownership(String node, LeaseTimes times) {
        return nodes.ownership(node, times);
    }

    private CallLeases node(String id) {
        return nodes.closeLater(new CallLeases(ownership(id), Duration.ZERO));
    }

    /** A node that sees node-a among the live nodes, whose joins wait long for a lease held by another node. */
    private CallLeases seeingNodeA(String id) {
        return nodes.closeLater(new CallLeases(
                ownership(id),
                Duration.ofSeconds(30),
                new CallStateKeeper(CallStates.NONE, new Handovers()),
                "node-a"::equals));
    }

    private static void admitted(CallLeases node, String call) {
        node.admit(call).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    private static SignalingException refusal(CallLeases node, String call) {
        CompletableFuture<CallHome.Where> admission =
                node.admit(call).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS);
        assertThatThrownBy(admission::join).isInstanceOf(CompletionException.class);
        Throwable cause = admission.handle((v, e) -> e.getCause()).join();
        assertThat(cause).isInstanceOf(SignalingException.class);
        return (SignalingException) cause;
    }

    private static void ended(CallLeases node, String call) {
        node.record(new CallFact.CallEnded(call, AT, AT.plusSeconds(60), 2, LeaveReason.LEFT));
    }

    private String owner(String call) {
        return nodes.value("{call:" + call + "}:owner");
    }

    @Test
    void theFirstJoinTakesTheLeaseAndLaterJoinsFindItWithoutAskingRedis() {
        CallLeases a = node("node-a");
        admitted(a, "call_1");
        assertThat(owner("call_1")).isEqualTo("node-a:1");
        assertThat(a.held()).singleElement().satisfies(l -> assertThat(l.callId())
                .isEqualTo("call_1"));

        redis.pause(); // a later join needs no Redis at all
        try {
            assertThat(a.admit("call_1").toCompletableFuture().isDone()).isTrue();
            admitted(a, "call_1");
        } finally {
            redis.resume();
        }
    }

    @Test
    void concurrentJoinsOfANewCallShareOneAcquisition() {
        CallLeases a = node("node-a");
        List<CompletableFuture<CallHome.Where>> joins = IntStream.range(0, 20)
                .mapToObj(i -> a.admit("call_1").toCompletableFuture())
                .toList();
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new))
                .orTimeout(5, TimeUnit.SECONDS)
                .join();
        assertThat(nodes.value("{call:call_1}:epoch")).isEqualTo("1");
    }

    @Test
    void aCallAnotherNodeServesIsRefusedNamingThatNode() {
        CallLeases a = node("node-a");
        CallLeases b = node("node-b");
        admitted(a, "call_1");

        SignalingException refused = refusal(b, "call_1");
        assertThat(refused.code().name()).isEqualTo("UNAVAILABLE");
        assertThat(refused.getMessage()).contains("call 'call_1'", "node 'node-a'", "?call=");
        assertThat(b.held()).isEmpty();
    }

    @Test
    void theLeaseOfARungCallIsFoundElsewhereWithoutTakingItAndGoesOnceItsRingsAreForgotten() {
        CallLeases a = node("node-a");
        admitted(a, "call_1"); // the invite of a new call
        CallLeases b = seeingNodeA("node-b");

        assertThat(b.servedElsewhere("call_1")
                        .toCompletableFuture()
                        .orTimeout(5, TimeUnit.SECONDS)
                        .join())
                .hasValue(new CallHome.Where.Elsewhere("node-a", 1));
        assertThat(a.servedElsewhere("call_1").toCompletableFuture().join()).isEmpty();
        assertThat(b.servedElsewhere("call_2")
                        .toCompletableFuture()
                        .orTimeout(5, TimeUnit.SECONDS)
                        .join())
                .isEmpty();
        assertThat(owner("call_2")).as("a look-up takes nothing").isNull();

        a.unrung("call_1");

        assertThat(a.epoch("call_1")).isEmpty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (owner("call_1") != null && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(owner("call_1")).isNull();
    }

    @Test
    void aRungCallKeepsItsLeaseWhileInProgressOrRungAndLetsItGoWhenNeitherIs() {
        CallLeases a = node("node-a");
        admitted(a, "call_1");
        a.rung("call_1");
        a.record(new CallFact.CallStarted("call_1", AT, false));

        a.unrung("call_1");
        assertThat(a.epoch("call_1")).as("in progress").hasValue(1);
        a.rung("call_1"); // someone added to it rings
        ended(a, "call_1");
        assertThat(a.epoch("call_1")).as("ended, but rung").hasValue(1);
        assertThat(owner("call_1")).isEqualTo("node-a:1");

        a.unrung("call_1");
        assertThat(a.epoch("call_1")).isEmpty();
    }

    @Test
    void aCallAnotherLiveNodeServesIsServedThereAtOnce() {
        CallLeases a = node("node-a");
        admitted(a, "call_1");
        CallLeases b = seeingNodeA("node-b");

        CallHome.Where where = b.admit("call_1")
                .toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS)
                .join();

        assertThat(where).isEqualTo(new CallHome.Where.Elsewhere("node-a", 1));
        assertThat(b.held()).isEmpty();
        assertThat(b.epoch("call_1")).isEmpty();
        assertThat(a.epoch("call_1")).hasValue(1);
    }

    @Test
    void aJoinOfACallWhoseOwnerDiedWaitsForItsLeaseToLapseAndIsServedHere() {
        // node-a takes the call and dies: nothing renews its lease, which lapses in Redis after 1 s.
        CallLeases a = new CallLeases(
                ownership("node-a", new LeaseTimes(Duration.ofSeconds(1), Duration.ofMillis(100))), Duration.ZERO);
        nodes.closeLater(a);
        admitted(a, "call_1");
        CallLeases b = new CallLeases(ownership("node-b"), Duration.ofSeconds(5));
        nodes.closeLater(b);

        CompletableFuture<CallHome.Where> join = b.admit("call_1").toCompletableFuture();
        assertThat(join).isNotDone();

        join.orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(owner("call_1")).isEqualTo("node-b:2");
    }

    @Test
    void aJoinOfACallALiveNodeServesIsRefusedOnceItHasWaitedItsTime() {
        CallLeases a = node("node-a");
        admitted(a, "call_1");
        CallLeases b = new CallLeases(ownership("node-b"), Duration.ofMillis(700));
        nodes.closeLater(b);

        SignalingException refused = refusal(b, "call_1");

        assertThat(refused.getMessage()).contains("served by node 'node-a', still after 700 ms");
        assertThat(owner("call_1")).isEqualTo("node-a:1");
    }

    @Test
    void theCallsEndGivesItsLeaseUpSoAnotherNodeCanServeItsNextMeeting() {
        CallLeases a = node("node-a");
        CallLeases b = node("node-b");
        admitted(a, "call_1");
        ended(a, "call_1");

        RedisNodes.pollUntil(() -> owner("call_1") == null, "node-a's release");
        admitted(b, "call_1");
        assertThat(owner("call_1")).isEqualTo("node-b:2");
        assertThat(a.held()).isEmpty();
    }

    @Test
    void aJoinRightAfterTheCallsEndWaitsForTheReleaseAndTakesANewEpoch() {
        CallLeases a = node("node-a");
        admitted(a, "call_1");
        ended(a, "call_1");
        admitted(a, "call_1");
        assertThat(owner("call_1")).isEqualTo("node-a:2");
    }

    @Test
    void aLossReportedAsLastRenewedWithALaterDeadlineIsTheSameLease() {
        CallLeases a = node("node-a");
        admitted(a, "call_1");
        CallOwnership.Lease acquired = a.held().iterator().next();
        redis.command("DEL {call:call_1}:owner");

        // The lease keeper reports the lease it last renewed: same owner and epoch, a later deadline.
        a.lost(new CallOwnership.Lease("call_1", acquired.owner(), acquired.validUntilNanos() + 1_000_000_000L));

        assertThat(a.held()).isEmpty();
        admitted(a, "call_1");
        assertThat(owner("call_1")).isEqualTo("node-a:2");
    }

    @Test
    void aLostLeaseIsAcquiredAgainByTheNextJoin() {
        CallLeases a = node("node-a");
        admitted(a, "call_1");
        CallOwnership.Lease lease = a.held().iterator().next();
        redis.command("DEL {call:call_1}:owner"); // as if it lapsed while this node was cut off
        a.lost(lease);

        admitted(a, "call_1");
        assertThat(owner("call_1")).isEqualTo("node-a:2");
    }

    @Test
    void aCallStartedWithoutItsLeaseTakesIt() {
        CallLeases a = node("node-a");
        a.record(new CallFact.CallStarted("call_1", AT, false));
        RedisNodes.pollUntil(() -> "node-a:1".equals(owner("call_1")), "the lease of a call that started without one");
    }

    @Test
    void aCallResumedWithoutItsLeaseTakesItAsAStartedOneDoes() {
        CallLeases a = node("node-a");
        a.record(new CallFact.CallResumed(
                "call_1",
                AT,
                AT.plusSeconds(20),
                List.of(new com.securevox.call.call.Participant(
                        "alice", com.securevox.call.call.Role.HOST, false, false, AT, java.util.Optional.empty())),
                false,
                1));
        RedisNodes.pollUntil(() -> "node-a:1".equals(owner("call_1")), "the lease of a call resumed without one");
    }

    @Test
    void aRedisThatDoesNotAnswerRefusesTheJoinSayingWhy() {
        CallLeases a = node("node-a");
        redis.pause();
        try {
            SignalingException refused = refusal(a, "call_1");
            assertThat(refused.getMessage()).contains("call 'call_1': which node serves it cannot be settled");
        } finally {
            redis.resume();
        }
        admitted(a, "call_1"); // a failed acquisition is not remembered
    }

    @Test
    void aCallServedHereGoesOnWhileRedisDoesNotAnswerAndANewOneIsRefused() {
        RedisCallOwnership leases = ownership("node-a", new LeaseTimes(Duration.ofMillis(600), Duration.ofMillis(100)));
        CallLeases a = new CallLeases(leases, Duration.ZERO);
        nodes.closeLater(a);
        admitted(a, "call_1");
        CallOwnership.Lease lease = a.held().iterator().next();
        redis.pause();
        try {
            RedisNodes.pollUntil(() -> !leases.mayActAsOwner(lease), "the lease's local deadline");

            admitted(a, "call_1"); // a rejoin, or a newcomer, of the call this node serves
            assertThat(refusal(a, "call_2").getMessage())
                    .contains("call 'call_2': which node serves it cannot be settled");
        } finally {
            redis.resume();
        }
    }

    @Test
    void aLeaseThatLapsedWhileRedisWasAwayIsTakenBackOnceItAnswersWithoutAJoin() {
        RedisCallOwnership leases = ownership("node-a", new LeaseTimes(Duration.ofMillis(600), Duration.ofMillis(100)));
        CallLeases a = new CallLeases(leases, Duration.ZERO);
        nodes.closeLater(a);
        admitted(a, "call_1");
        a.record(new CallFact.CallStarted("call_1", AT, false));
        CallOwnership.Lease lease = a.held().iterator().next();
        redis.pause();
        try {
            RedisNodes.pollUntil(() -> !leases.mayActAsOwner(lease), "the lease's local deadline");
            a.regain("call_1"); // as the lease keeper reports the lapse
        } finally {
            redis.resume();
        }

        RedisNodes.pollUntil(
                () -> a.held().stream().anyMatch(leases::mayActAsOwner),
                "node-a holding call_1's lease again, with no join");
        assertThat(owner("call_1")).startsWith("node-a:");
    }

    @Test
    void theLeaseOfARungCallThatLapsedWhileRedisWasAwayIsTakenBackOnceItAnswers() {
        RedisCallOwnership leases = ownership("node-a", new LeaseTimes(Duration.ofMillis(600), Duration.ofMillis(100)));
        CallLeases a = new CallLeases(leases, Duration.ZERO);
        nodes.closeLater(a);
        List<String> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.ringsServedElsewhere(ended::add);
        admitted(a, "call_1"); // the invite of a new call
        a.rung("call_1"); // nobody joined it: only its ring keeps the lease
        CallOwnership.Lease lease = a.held().iterator().next();
        redis.pause();
        try {
            RedisNodes.pollUntil(() -> !leases.mayActAsOwner(lease), "the lease's local deadline");
            a.regain("call_1"); // as the lease keeper reports the lapse
        } finally {
            redis.resume();
        }

        RedisNodes.pollUntil(
                () -> a.held().stream().anyMatch(leases::mayActAsOwner),
                "node-a holding the rung call_1's lease again");
        assertThat(owner("call_1")).startsWith("node-a:");
        assertThat(ended).isEmpty();
    }

    @Test
    void aRungCallWhoseLeaseAnotherNodeTookMeanwhileEndsItsRings() {
        LeaseTimes brief = new LeaseTimes(Duration.ofMillis(600), Duration.ofMillis(100));
        RedisCallOwnership leases = ownership("node-a", brief);
        CallLeases a = nodes.closeLater(new CallLeases(
                leases, Duration.ZERO, new CallStateKeeper(CallStates.NONE, new Handovers()), "node-b"::equals));
        List<String> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.ringsServedElsewhere(ended::add);
        admitted(a, "call_1");
        a.rung("call_1");
        CallOwnership.Lease lease = a.held().iterator().next();
        RedisNodes.pollUntil(() -> !leases.mayActAsOwner(lease), "the lease's local deadline");
        // Node-b is asked for the call once the lease lapsed in Redis, and takes it.
        CallLeases b = nodes.closeLater(new CallLeases(ownership("node-b"), Duration.ofSeconds(4)));
        admitted(b, "call_1");
        assertThat(owner("call_1")).startsWith("node-b:");

        a.regain("call_1");

        RedisNodes.pollUntil(() -> ended.contains("call_1"), "call_1's rings ended on node-a");
        assertThat(ended).containsExactly("call_1");
        assertThat(owner("call_1")).startsWith("node-b:");
        assertThat(a.epoch("call_1")).isEmpty();
    }

    @Test
    void aRungCallWhoseLeaseLapsedWhileThisNodeIsCutOffFromRedisAloneEndsItsRingsWhenAskedForAgain() {
        RedisCallOwnership leases = ownership("node-a", new LeaseTimes(Duration.ofMillis(600), Duration.ofMillis(100)));
        java.util.concurrent.atomic.AtomicBoolean cutOff = new java.util.concurrent.atomic.AtomicBoolean();
        CallLeases a = nodes.closeLater(new CallLeases(
                leases,
                Duration.ZERO,
                new CallStateKeeper(CallStates.NONE, new Handovers()),
                node -> false,
                new CallYield(new Handovers()),
                cutOff::get));
        List<String> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.ringsServedElsewhere(ended::add);
        admitted(a, "call_1");
        a.rung("call_1");
        CallOwnership.Lease lease = a.held().iterator().next();
        redis.pause();
        try {
            RedisNodes.pollUntil(() -> !leases.mayActAsOwner(lease), "the lease's local deadline");
            cutOff.set(true);

            a.regain("call_1"); // as the lease keeper reports the lapse: refused, cut off, so let go at once

            RedisNodes.pollUntil(() -> ended.contains("call_1"), "call_1's rings ended on node-a");
            assertThat(a.letGoCutOff()).as("nothing left to let go").isZero();
            assertThat(a.epoch("call_1")).isEmpty();
        } finally {
            redis.resume();
        }
        cutOff.set(false);
        a.regain("call_1"); // a late report finds nothing kept
        assertThat(ended).containsExactly("call_1");
        assertThat(a.held()).allMatch(held -> !held.callId().equals("call_1") || !leases.mayActAsOwner(held));
    }

    @Test
    void theLeaseOfACallThatEndedIsNotTakenBack() {
        CallLeases a = node("node-a");
        admitted(a, "call_1");
        a.record(new CallFact.CallStarted("call_1", AT, false));
        ended(a, "call_1");
        RedisNodes.pollUntil(() -> owner("call_1") == null, "the release");

        a.regain("call_1");

        assertThat(owner("call_1")).isNull();
        assertThat(a.held()).isEmpty();
    }

    @Test
    void closingGivesUpEveryLease() throws Exception {
        CallLeases a = new CallLeases(ownership("node-a"), Duration.ZERO);
        admitted(a, "call_1");
        admitted(a, "call_2");
        a.close();
        assertThat(owner("call_1")).isNull();
        assertThat(owner("call_2")).isNull();
    }
}
