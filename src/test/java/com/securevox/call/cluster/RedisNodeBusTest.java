package com.securevox.call.cluster;

import static com.securevox.call.cluster.InboxRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.NodeBus;
import com.securevox.call.call.NodeBus.Sender;
import com.securevox.call.cluster.InboxRecorder.Got;
import com.securevox.call.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;

/** The Redis bus against a Redis of the test's own, which is killed, restarted, wiped and fed garbage here. */
class RedisNodeBusTest extends NodeBusContract {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final NodeBusSettings SETTINGS = settings(10_000, 10_000);

    /** Quick waits and retries, so that a test sees Redis come back soon. */
    private static NodeBusSettings settings(int maxLength, int queueLimit) {
        return new NodeBusSettings(
                maxLength,
                queueLimit,
                Duration.ofHours(1),
                Duration.ofMillis(200),
                Duration.ofMillis(20),
                Duration.ofMillis(200),
                Duration.ofMillis(500));
    }

    @TempDir
    Path dir;

    private RedisServer redis;
    private final List<RedisNodeBus> buses = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() {
        buses.forEach(RedisNodeBus::close);
        redis.close();
    }

    @Override
    NodeBus bus(String node) {
        return bus(node, SETTINGS, new CountingMetrics());
    }

    private RedisNodeBus bus(String node, NodeBusSettings settings, CountingMetrics metrics) {
        RedisNodeBus bus = RedisNodeBus.open(
                        RedisSettings.standalone("127.0.0.1", redis.port(), TIMEOUT), node, settings, metrics)
                .locate();
        buses.add(bus);
        return bus;
    }

    @Override
    boolean stopped(NodeBus bus) {
        return ((RedisNodeBus) bus).stopped();
    }

    private static List<Long> seqs(List<Got> got) {
        return got.stream().map(g -> g.envelope().seq()).toList();
    }

    private static List<Long> oneTo(int n) {
        List<Long> all = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            all.add(i);
        }
        return all;
    }

    @Test
    void aNodeStartedAgainAtOnceIsANewRunWhoseMessagesAreNotTakenForDuplicates() {
        NodeBus receiver = bus("node-c");
        InboxRecorder inbox = new InboxRecorder();
        receiver.subscribe(inbox);
        int starts = 5;
        Set<String> runs = new HashSet<>();

        for (int start = 0; start < starts; start++) {
            CountingMetrics metrics = new CountingMetrics();
            RedisNodeBus sender = bus("node-a", SETTINGS, metrics);
            runs.add(sender.self().run());
            assertThat(sender.send("node-c", numbered("start-" + start, 0))).isTrue();
            await("start " + start + "'s message written", () -> metrics.sent.get() == 1);
            sender.close();
        }

        // Each start numbers from 1 again: only a run of its own tells the receiver that is no replay.
        assertThat(runs).hasSize(starts);
        inbox.awaitSize(starts);
        assertThat(inbox.got())
                .extracting(got -> got.envelope().from().run())
                .containsExactlyInAnyOrderElementsOf(runs);
        assertThat(seqs(inbox.got())).containsOnly(1L);
    }

    @Test
    void theInboxIsAStreamWithAHashTagTrimmedToItsBoundThatLapsesWhenNobodyWrites() {
        NodeBusSettings small = settings(100, 10_000);
        CountingMetrics metrics = new CountingMetrics();
        NodeBus sender = bus("node-a", small, metrics);

        for (int i = 0; i < 1000; i++) {
            sender.send("node-b", numbered("t", i));
        }

        await("1000 written", () -> metrics.sent.get() == 1000);
        assertThat(redis.command("TYPE {inbox:node-b}")).isEqualTo("+stream");
        // Trimming is approximate: whole macro nodes go, so somewhat more than the bound stays.
        long length = Long.parseLong(redis.command("XLEN {inbox:node-b}").substring(1));
        assertThat(length).isBetween(100L, 999L);
        assertThat(metrics.backlog.get()).isZero();
        long ttl = Long.parseLong(redis.command("PTTL {inbox:node-b}").substring(1));
        assertThat(ttl).isBetween(1L, Duration.ofHours(1).toMillis());
    }

    @Test
    void aRestartedRedisWithItsDataLosesNothingAcknowledgedAndTheReaderGoesOn() throws IOException {
        redis.close();
        redis = RedisServer.startPersistent(Files.createDirectories(dir.resolve("redis")));
        CountingMetrics receiving = new CountingMetrics();
        RedisNodeBus receiver = bus("node-b", SETTINGS, receiving);
        InboxRecorder inbox = new InboxRecorder();
        receiver.subscribe(inbox);
        NodeBus sender = bus("node-a");

        for (int i = 0; i < 300; i++) {
            sender.send("node-b", numbered("t", i));
        }
        inbox.awaitSize(100);
        redis.kill();
        for (int i = 300; i < 700; i++) {
            sender.send("node-b", numbered("t", i));
        }
        redis.restart();
        for (int i = 700; i < 1000; i++) {
            sender.send("node-b", numbered("t", i));
        }

        inbox.awaitSize(1000);
        assertThat(seqs(inbox.got())).isEqualTo(oneTo(1000));
        assertThat(inbox.got()).allSatisfy(g -> assertThat(g.missedBefore()).isZero());
        assertThat(receiving.lost.get()).isZero();
        assertThat(receiving.malformed.get()).isZero();
    }

    @Test
    void aRedisThatHangsForAWhileDelaysMessagesWithoutLosingOrReorderingAny() {
        CountingMetrics receiving = new CountingMetrics();
        RedisNodeBus receiver = bus("node-b", SETTINGS, receiving);
        InboxRecorder inbox = new InboxRecorder();
        receiver.subscribe(inbox);
        CountingMetrics sending = new CountingMetrics();
        NodeBus sender = bus("node-a", SETTINGS, sending);
        for (int i = 0; i < 100; i++) {
            sender.send("node-b", numbered("t", i));
        }
        inbox.awaitSize(100);

        redis.pause();
        for (int i = 100; i < 200; i++) {
            sender.send("node-b", numbered("t", i));
        }
        // Past the command time-out: the writer and the reader give up on their connections and try again.
        await("the writer to fail twice", () -> sending.retried.get() >= 2);
        await("the reader to fail", () -> receiving.retried.get() >= 1);
        assertThat(sending.sent.get()).isEqualTo(100);
        redis.resume();

        inbox.awaitSize(200);
        assertThat(seqs(inbox.got())).isEqualTo(oneTo(200));
        assertThat(inbox.got()).allSatisfy(g -> assertThat(g.missedBefore()).isZero());
        assertThat(receiving.lost.get()).isZero();
        await("the backlog empty", () -> sending.backlog.get() == 0);
    }

    @Test
    void whatARedisThatLostItsDataHadNotHandedOverIsCountedAsLost() throws InterruptedException {
        CountingMetrics receiving = new CountingMetrics();
        RedisNodeBus receiver = bus("node-b", SETTINGS, receiving);
        InboxRecorder inbox = new InboxRecorder();
        CountDownLatch release = new CountDownLatch(1);
        receiver.subscribe((envelope, missed) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inbox.receive(envelope, missed);
        });
        CountingMetrics sending = new CountingMetrics();
        NodeBus sender = bus("node-a", SETTINGS, sending);

        for (int i = 0; i < 1000; i++) {
            sender.send("node-b", numbered("t", i));
        }
        await("1000 written", () -> sending.sent.get() == 1000);
        redis.kill();
        redis.restart(); // without persistence: the inbox is gone, the reader's position with it
        release.countDown();
        for (int i = 1000; i < 1010; i++) {
            sender.send("node-b", numbered("t", i));
        }

        await("the last message", () -> inbox.got().stream()
                .anyMatch(g -> g.envelope().seq() == 1010));
        List<Got> got = inbox.got();
        int before = got.size() - 10;
        assertThat(before).as("read before the wipe").isBetween(1, 256);
        assertThat(seqs(got))
                .isEqualTo(concat(
                        oneTo(before), List.of(1001L, 1002L, 1003L, 1004L, 1005L, 1006L, 1007L, 1008L, 1009L, 1010L)));
        assertThat(got.get(before).missedBefore()).isEqualTo(1000 - before);
        assertThat(receiving.lost.get()).isEqualTo(1000 - before);
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void entriesThatAreNotMessagesAreSkippedAndTheReaderGoesOn() {
        CountingMetrics receiving = new CountingMetrics();
        RedisNodeBus receiver = bus("node-b", SETTINGS, receiving);
        InboxRecorder inbox = new InboxRecorder();
        receiver.subscribe(inbox);
        NodeBus sender = bus("node-a");

        sender.send("node-b", numbered("t", 0));
        inbox.awaitSize(1);
        assertThat(redis.command("XADD {inbox:node-b} * foo bar")).startsWith("$");
        assertThat(redis.command("XADD {inbox:node-b} * v 1 from node-x run r seq 1 type leave body {}"))
                .startsWith("$");
        sender.send("node-b", numbered("t", 1));

        inbox.awaitSize(2);
        assertThat(seqs(inbox.got())).containsExactly(1L, 2L);
        assertThat(receiving.malformed.get()).isEqualTo(2);
        assertThat(receiving.received.get()).isEqualTo(2);
    }

    @Test
    void anInboxKeyOfAnotherTypeIsReportedAndTheBusResumesOnceItIsDeleted() {
        RedisNodeBus receiver = bus("node-b", SETTINGS, new CountingMetrics());
        InboxRecorder inbox = new InboxRecorder();
        receiver.subscribe(inbox);
        NodeBus sender = bus("node-a");
        sender.send("node-b", numbered("t", 0));
        inbox.awaitSize(1);
        assertThat(receiver.blocked()).isEmpty();

        // Someone writes a string where node-b's inbox is: nothing can be written there or read from it.
        redis.command("DEL {inbox:node-b}");
        assertThat(redis.command("SET {inbox:node-b} garbage")).isEqualTo("+OK");
        sender.send("node-b", numbered("t", 1));
        await("node-b to report its inbox", () -> receiver.blocked().isPresent());
        assertThat(receiver.blocked().orElseThrow())
                .isEqualTo("{inbox:node-b} holds a string (expected: a stream, a node's inbox, which nothing else may"
                        + " write; messages to that node wait until the key is deleted)");
        assertThat(receiver.stopped()).as("the bus goes on").isFalse();

        redis.command("DEL {inbox:node-b}");

        inbox.awaitSize(2);
        assertThat(seqs(inbox.got())).containsExactly(1L, 2L);
        await("node-b to say its inbox reads again", () -> receiver.blocked().isEmpty());
        sender.send("node-b", numbered("t", 2));
        inbox.awaitSize(3);
    }

    @Test
    void aRetriedWriteThatHadGoneThroughIsDroppedAsADuplicate() {
        CountingMetrics receiving = new CountingMetrics();
        RedisNodeBus receiver = bus("node-b", SETTINGS, receiving);
        InboxRecorder inbox = new InboxRecorder();
        receiver.subscribe(inbox);
        Sender other = new Sender("node-x", "run-1");

        try (UnifiedJedis jedis =
                RedisClients.open(RedisSettings.standalone("127.0.0.1", redis.port(), TIMEOUT), "test")) {
            Map<String, String> first = InboxCodec.encode(new NodeBus.Envelope(other, 1, numbered("t", 0)));
            jedis.xadd("{inbox:node-b}", StreamEntryID.NEW_ENTRY, first);
            jedis.xadd("{inbox:node-b}", StreamEntryID.NEW_ENTRY, first);
            jedis.xadd(
                    "{inbox:node-b}",
                    StreamEntryID.NEW_ENTRY,
                    InboxCodec.encode(new NodeBus.Envelope(other, 2, numbered("t", 1))));
        }

        inbox.awaitSize(2);
        await("the duplicate counted", () -> receiving.duplicated.get() == 1);
        assertThat(seqs(inbox.got())).containsExactly(1L, 2L);
    }

    @Test
    void whileRedisIsGoneMessagesWaitUpToTheQueueLimitAndThenGoOut() {
        NodeBusSettings small = settings(10_000, 5);
        NodeBus receiver = bus("node-b");
        InboxRecorder inbox = new InboxRecorder();
        receiver.subscribe(inbox);
        CountingMetrics sending = new CountingMetrics();
        NodeBus sender = bus("node-a", small, sending);
        sender.send("node-b", numbered("t", 0));
        inbox.awaitSize(1);

        redis.kill();
        List<Boolean> accepted = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            accepted.add(sender.send("node-b", numbered("t", i)));
        }
        // What the writer is trying stays queued until it is written.
        assertThat(accepted).containsExactly(true, true, true, true, true, false);
        assertThat(sending.backlog.get()).isEqualTo(5);
        redis.restart();

        inbox.awaitSize(6);
        assertThat(seqs(inbox.got())).isEqualTo(oneTo(6));
        await("the backlog empty", () -> sending.backlog.get() == 0);
    }

    @Test
    void aBusOpenedWhileRedisIsDownStartsReadingOnceItIsBack() {
        redis.kill();
        NodeBus receiver = bus("node-b");
        InboxRecorder inbox = new InboxRecorder();
        receiver.subscribe(inbox);
        redis.restart();
        NodeBus sender = bus("node-a");

        // The reader takes the end of the stream when Redis first answers: messages from then on arrive.
        await("the reader to reach Redis", () -> {
            sender.send("node-b", numbered(UUID.randomUUID().toString(), 0));
            return inbox.size() > 0;
        });
    }
}
