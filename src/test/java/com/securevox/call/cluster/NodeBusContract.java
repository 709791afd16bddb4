package com.securevox.call.cluster;

import static com.securevox.call.cluster.InboxRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.NodeBus;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.NodeMessage.Deliver;
import com.securevox.call.call.NodeMessage.Payload;
import com.securevox.call.cluster.InboxRecorder.Got;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link NodeBus} does, run against each implementation. */
abstract class NodeBusContract {

    /** A bus for {@code node}, on the network the test's other buses share; closed after the test. */
    abstract NodeBus bus(String node);

    /** Whether none of the bus's threads runs any more. */
    abstract boolean stopped(NodeBus bus);

    /** A message that says which sending thread sent it and its place in that thread's sequence. */
    static Deliver numbered(String thread, int i) {
        return new Deliver("call-1", 1, new ConnectionId(thread), new Payload("offer", Integer.toString(i)));
    }

    @Test
    void everyMessageArrivesOnceInEachSendersOrderUnderConcurrentSenders() throws Exception {
        NodeBus receiver = bus("node-c");
        InboxRecorder inbox = new InboxRecorder();
        receiver.subscribe(inbox);
        List<NodeBus> senders = List.of(bus("node-a"), bus("node-b"));
        int threads = 4;
        int each = 500;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> sent = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (NodeBus sender : senders) {
                for (int t = 0; t < threads; t++) {
                    String thread = sender.node() + "-t" + t;
                    sent.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < each; i++) {
                            assertThat(sender.send("node-c", numbered(thread, i)))
                                    .isTrue();
                        }
                        return null;
                    }));
                }
            }
            go.countDown();
            for (Future<?> f : sent) {
                f.get();
            }
        }

        inbox.awaitSize(senders.size() * threads * each);
        List<Got> got = inbox.got();
        assertThat(got).hasSize(senders.size() * threads * each);
        Map<String, Long> lastSeq = new HashMap<>();
        Map<String, Integer> lastOfThread = new HashMap<>();
        for (Got g : got) {
            assertThat(g.missedBefore()).isZero();
            long expected = lastSeq.getOrDefault(g.envelope().from().node(), 0L) + 1;
            assertThat(g.envelope().seq())
                    .as("seq from %s", g.envelope().from())
                    .isEqualTo(expected);
            lastSeq.put(g.envelope().from().node(), expected);
            Deliver message = (Deliver) g.envelope().message();
            String thread = message.connection().value();
            int i = Integer.parseInt(message.event().data());
            assertThat(i).as("message of %s", thread).isEqualTo(lastOfThread.getOrDefault(thread, -1) + 1);
            lastOfThread.put(thread, i);
        }
        assertThat(lastOfThread).hasSize(senders.size() * threads).allSatisfy((t, i) -> assertThat(i)
                .isEqualTo(each - 1));
    }

    @Test
    void aNodeCanSendToItself() {
        NodeBus node = bus("node-a");
        InboxRecorder inbox = new InboxRecorder();
        node.subscribe(inbox);

        for (NodeMessage message : NodeMessages.everyKind()) {
            assertThat(node.send("node-a", message)).isTrue();
        }

        inbox.awaitSize(NodeMessages.everyKind().size());
        assertThat(inbox.got().stream().map(g -> g.envelope().message()))
                .containsExactlyElementsOf(NodeMessages.everyKind());
        assertThat(inbox.got().getFirst().envelope().from().node()).isEqualTo("node-a");
    }

    @Test
    void anInboxThatThrowsGetsTheNextMessageAllTheSame() {
        NodeBus receiver = bus("node-b");
        InboxRecorder recorded = new InboxRecorder();
        AtomicInteger calls = new AtomicInteger();
        receiver.subscribe((envelope, missed) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            recorded.receive(envelope, missed);
        });
        NodeBus sender = bus("node-a");

        sender.send("node-b", numbered("t", 0));
        sender.send("node-b", numbered("t", 1));

        recorded.awaitSize(1);
        assertThat(((Deliver) recorded.got().getFirst().envelope().message())
                        .event()
                        .data())
                .isEqualTo("1");
        assertThat(recorded.got().getFirst().envelope().seq()).isEqualTo(2);
    }

    @Test
    void onlyOneSubscriber() {
        NodeBus node = bus("node-a");
        node.subscribe(new InboxRecorder());

        assertThatThrownBy(() -> node.subscribe(new InboxRecorder()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has a subscriber already");
    }

    @Test
    void closeStopsTheReaderPromptlyAndRefusesFurtherSends() {
        NodeBus node = bus("node-a");
        InboxRecorder inbox = new InboxRecorder();
        node.subscribe(inbox);
        node.send("node-a", numbered("t", 0));
        inbox.awaitSize(1);
        CountDownLatch closed = new CountDownLatch(1);

        Thread closer = Thread.ofVirtual().start(() -> {
            node.close();
            closed.countDown();
        });

        await("close to return", () -> closed.getCount() == 0);
        // close waits for its threads only briefly: had the reader not stopped at once, it would still run.
        assertThat(stopped(node)).isTrue();
        assertThat(node.send("node-a", numbered("t", 1))).isFalse();
        assertThatThrownBy(() -> node.subscribe(new InboxRecorder())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theInboxMayCloseTheBus() {
        NodeBus node = bus("node-a");
        CountDownLatch closed = new CountDownLatch(1);
        node.subscribe((envelope, missed) -> {
            node.close();
            closed.countDown();
        });

        node.send("node-a", numbered("t", 0));

        await("the inbox to close the bus", () -> closed.getCount() == 0);
        await("the reader to end", () -> stopped(node));
        assertThat(node.send("node-a", numbered("t", 1))).isFalse();
    }

    @Test
    void refusesAnInvalidNode() {
        NodeBus node = bus("node-a");

        assertThatThrownBy(() -> node.send("node:1", numbered("t", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("node: invalid");
    }
}
