package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.NodeBus;
import com.securevox.call.call.NodeBusMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalNodeBusTest extends NodeBusContract {
    private final LocalNodeBus.Network network = new LocalNodeBus.Network();
    private final List<LocalNodeBus> buses = new ArrayList<>();

    @Override
    NodeBus bus(String node) {
        return bus(node, 10_000);
    }

    private LocalNodeBus bus(String node, int capacity) {
        LocalNodeBus bus = new LocalNodeBus(network, node, capacity, NodeBusMetrics.NONE);
        buses.add(bus);
        return bus;
    }

    @Override
    boolean stopped(NodeBus bus) {
        return ((LocalNodeBus) bus).stopped();
    }

    @AfterEach
    void close() {
        buses.forEach(LocalNodeBus::close);
    }

    @Test
    void aFullInboxRefusesWithoutUsingUpANumber() {
        LocalNodeBus receiver = bus("node-b", 2);
        NodeBus sender = bus("node-a");

        assertThat(sender.send("node-b", numbered("t", 0))).isTrue();
        assertThat(sender.send("node-b", numbered("t", 1))).isTrue();
        assertThat(sender.send("node-b", numbered("t", 2))).isFalse();
        InboxRecorder inbox = new InboxRecorder();
        receiver.subscribe(inbox);
        inbox.awaitSize(2);
        assertThat(sender.send("node-b", numbered("t", 3))).isTrue();

        inbox.awaitSize(3);
        assertThat(inbox.got().stream().map(g -> g.envelope().seq())).containsExactly(1L, 2L, 3L);
        assertThat(inbox.got()).allSatisfy(g -> assertThat(g.missedBefore()).isZero());
    }

    @Test
    void aMessageToANodeNotOnTheNetworkGoesNowhere() {
        NodeBus sender = bus("node-a");

        assertThat(sender.send("node-z", numbered("t", 0))).isTrue();
    }

    @Test
    void aNodeIsOnTheNetworkOnceAndLeavesItOnClose() {
        LocalNodeBus first = bus("node-a", 10);

        assertThatThrownBy(() -> bus("node-a", 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("node: node-a (expected: a node not on the network yet)");
        first.close();
        assertThat(bus("node-a", 10).node()).isEqualTo("node-a");
    }

    @Test
    void oneNodeAloneTalksToItself() {
        try (LocalNodeBus alone = new LocalNodeBus("solo")) {
            InboxRecorder inbox = new InboxRecorder();
            alone.subscribe(inbox);

            alone.send("solo", numbered("t", 0));

            inbox.awaitSize(1);
        }
    }
}
