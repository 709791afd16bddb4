package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallOwnership.Claim;
import com.securevox.call.call.CallOwnership.Granted;
import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.call.CallState;
import com.securevox.call.call.CallStates.KeptSignal;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.Ticker;
import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Call states in a real Redis of the test's own: fenced by the lease, outliving it by their keep, garbage ignored. */
class RedisCallStatesTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final LeaseTimes TIMES = new LeaseTimes(Duration.ofSeconds(10), Duration.ofMillis(500));
    private static final Duration KEEP = Duration.ofSeconds(30);

    private RedisServer redis;
    private final List<RedisCallOwnership> nodes = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() {
        nodes.forEach(RedisCallOwnership::close);
        redis.close();
    }

    private RedisCallOwnership node(String id) {
        RedisCallOwnership node = RedisCallOwnership.open(
                RedisSettings.standalone("127.0.0.1", redis.port(), TIMEOUT), id, TIMES, Ticker.SYSTEM, KEEP);
        nodes.add(node);
        return node;
    }

    private static Lease granted(Claim claim) {
        assertThat(claim).isInstanceOf(Granted.class);
        return ((Granted) claim).lease();
    }

    @Test
    void theOwnersStateIsReadBackByAnotherNodeInTheLeasesSlot() {
        RedisCallOwnership a = node("node-a");
        RedisCallOwnership b = node("node-b");
        Lease lease = granted(a.acquire("room-1"));
        CallState state = CallStateCodecTest.state();

        assertThat(a.states().write(lease, state)).isTrue();

        assertThat(b.states().read("room-1")).contains(state);
        assertThat(redis.command("CLUSTER KEYSLOT {call:room-1}:state"))
                .isEqualTo(redis.command("CLUSTER KEYSLOT {call:room-1}:owner"));
    }

    @Test
    void aStaleOwnerCannotOverwriteNorDeleteTheNewOwnersState() {
        RedisCallOwnership a = node("node-a");
        RedisCallOwnership b = node("node-b");
        Lease old = granted(a.acquire("room-1"));
        a.release(old);
        Lease current = granted(b.acquire("room-1"));
        CallState state = CallStateCodecTest.state();
        assertThat(b.states().write(current, state)).isTrue();

        CallState stale = new CallState(
                "room-1",
                state.startedAt(),
                false,
                1,
                List.of(state.participants().getFirst()),
                java.util.Map.of());
        assertThat(a.states().write(old, stale)).isFalse();
        assertThat(a.states().delete(old)).isFalse();

        assertThat(b.states().read("room-1")).contains(state);
    }

    @Test
    void theOwnerDeletesItWhenTheCallEnds() {
        RedisCallOwnership a = node("node-a");
        Lease lease = granted(a.acquire("room-1"));
        a.states().write(lease, CallStateCodecTest.state());

        assertThat(a.states().delete(lease)).isTrue();

        assertThat(a.states().read("room-1")).isEmpty();
    }

    @Test
    void aWriteWithoutTheLeaseKeepsNothing() {
        RedisCallOwnership a = node("node-a");
        Lease lease = granted(a.acquire("room-1"));
        a.release(lease);

        assertThat(a.states().write(lease, CallStateCodecTest.state())).isFalse();
        assertThat(a.states().read("room-1")).isEmpty();
    }

    @Test
    void aStateLivesItsKeepFromEachWriteAndEachRenewal() {
        RedisCallOwnership a = node("node-a");
        Lease lease = granted(a.acquire("room-1"));
        a.states().write(lease, CallStateCodecTest.state());
        assertThat(ttl()).isBetween(KEEP.toMillis() - 5_000, KEEP.toMillis());

        redis.command("PEXPIRE {call:room-1}:state 1000000");
        a.renew(lease);

        assertThat(ttl()).isBetween(KEEP.toMillis() - 5_000, KEEP.toMillis());
    }

    private long ttl() {
        return Long.parseLong(redis.command("PTTL {call:room-1}:state").substring(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "{}", "{\"v\":1}", "[1,2]"})
    void garbageInTheKeyIsNoState(String garbage) {
        RedisCallOwnership a = node("node-a");
        redis.command("SET {call:room-1}:state \"" + garbage.replace("\"", "\\\"") + "\"");

        assertThat(a.states().read("room-1")).isEmpty();
    }

    @Test
    void aStateOfAnotherCallUnderThisKeyIsNoState() {
        RedisCallOwnership a = node("node-a");
        Lease lease = granted(a.acquire("room-1"));
        a.states().write(lease, CallStateCodecTest.state());
        redis.command("COPY {call:room-1}:state {call:room-2}:state");

        assertThat(a.states().read("room-2")).isEmpty();
        assertThat(a.states().read("room-1")).isPresent();
    }

    private static KeptSignal kept(String userId, int n) {
        return new KeptSignal(
                userId,
                new NodeMessage.Payload(
                        "data", "{\"sessionId\":\"room-1\",\"from\":\"alice\",\"payload\":{\"n\":" + n + "}}"));
    }

    @Test
    void heldSignalsAreTakenOnceInOrderByTheNextOwner() {
        RedisCallOwnership a = node("node-a");
        RedisCallOwnership b = node("node-b");
        Lease lease = granted(a.acquire("room-1"));
        List<KeptSignal> held = List.of(kept("bob", 1), kept("bob", 2), kept("carol", 3));

        assertThat(a.states().keepHeld(lease, held)).isTrue();
        assertThat(redis.command("CLUSTER KEYSLOT {call:room-1}:held"))
                .isEqualTo(redis.command("CLUSTER KEYSLOT {call:room-1}:owner"));
        a.release(lease);
        granted(b.acquire("room-1"));

        assertThat(b.states().takeHeld("room-1")).containsExactlyElementsOf(held);
        assertThat(b.states().takeHeld("room-1")).as("taken once").isEmpty();
        assertThat(redis.command("EXISTS {call:room-1}:held")).isEqualTo(":0");
    }

    @Test
    void aStaleOwnerCannotKeepHeldSignalsForTheCall() {
        RedisCallOwnership a = node("node-a");
        RedisCallOwnership b = node("node-b");
        Lease old = granted(a.acquire("room-1"));
        a.release(old);
        granted(b.acquire("room-1"));

        assertThat(a.states().keepHeld(old, List.of(kept("bob", 1)))).isFalse();
        assertThat(b.states().takeHeld("room-1")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "{\"v\":1,\"sessionId\":\"room-2\",\"held\":[]}", "{\"v\":2}"})
    void heldSignalsThatCannotBeReadAreDroppedAndForgotten(String raw) {
        RedisCallOwnership a = node("node-a");
        redis.command("SET {call:room-1}:held '" + raw + "'");

        assertThat(a.states().takeHeld("room-1")).isEmpty();
        assertThat(redis.command("EXISTS {call:room-1}:held")).isEqualTo(":0");
    }
}
