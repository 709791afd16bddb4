package com.securevox.call.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallOwnership;
import com.securevox.call.cluster.LeaseTimes;
import com.securevox.call.cluster.NodeEntry;
import com.securevox.call.cluster.RedisCallOwnership;
import com.securevox.call.httpapi.PeerNodes;
import com.securevox.call.testing.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which node the API sends a call's requests to, from the leases in a real Redis of the test's own. */
class ClusterPeersTest {
    private static final LeaseTimes TIMES = new LeaseTimes(Duration.ofSeconds(10), Duration.ofMillis(500));
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final NodeEntry A = new NodeEntry("node-a", "http://10.0.0.5:8002", AT, false, 1, AT);
    private static final NodeEntry B = new NodeEntry("node-b", "https://b.example:8443/call", AT, true, 0, AT);

    @RegisterExtension
    final RedisNodes nodes = new RedisNodes(Duration.ofMillis(300));

    private RedisServer redis;

    @BeforeEach
    void redis() {
        redis = nodes.redis();
    }

    private RedisCallOwnership ownership(String node) {
        return nodes.ownership(node, TIMES);
    }

    @Test
    void aCallHeldByAnotherLiveNodeIsThereAndOneHeldByADeadNodeIsGone() {
        RedisCallOwnership a = ownership("node-a");
        assertThat(a.acquire("room-1")).isInstanceOf(CallOwnership.Granted.class);
        List<NodeEntry> live = new ArrayList<>(List.of(A, B));
        ClusterPeers fromB =
                new ClusterPeers(ownership("node-b"), () -> List.copyOf(live), id -> false, Optional.empty());

        assertThat(fromB.self()).isEqualTo("node-b");
        assertThat(fromB.live())
                .containsExactly(
                        new PeerNodes.Peer("node-a", URI.create("http://10.0.0.5:8002")),
                        new PeerNodes.Peer("node-b", URI.create("https://b.example:8443/call")));
        assertThat(fromB.place("room-1"))
                .isEqualTo(new PeerNodes.Elsewhere(new PeerNodes.Peer("node-a", URI.create("http://10.0.0.5:8002"))));
        assertThat(new ClusterPeers(a, () -> List.copyOf(live), id -> false, Optional.empty()).place("room-1"))
                .isEqualTo(new PeerNodes.Here());

        live.remove(A);
        assertThat(fromB.place("room-1")).isEqualTo(new PeerNodes.Gone("node-a"));
    }

    @Test
    void aCallNobodyHoldsIsAnsweredHere() {
        ClusterPeers peers = new ClusterPeers(ownership("node-b"), () -> List.of(A, B), id -> false, Optional.empty());

        assertThat(peers.place("room-free")).isEqualTo(new PeerNodes.Here());
    }

    @Test
    void withoutRedisOnlyACallInProgressHereIsHere() {
        Set<String> here = Set.of("room-here");
        ClusterPeers peers =
                new ClusterPeers(ownership("node-b"), () -> List.of(A, B), here::contains, Optional.empty());
        redis.pause();

        assertThat(peers.place("room-here")).isEqualTo(new PeerNodes.Here());
        assertThat(peers.place("room-elsewhere"))
                .isInstanceOfSatisfying(
                        PeerNodes.Unknown.class, u -> assertThat(u.reason()).isNotBlank());
    }
}
