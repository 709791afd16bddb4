package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Which node serves a call, between two server processes sharing a private Redis and a PostgreSQL database: the
 * first join takes the call's lease, a join on the other node is proxied to the node serving the call, the call's end
 * gives the lease up (the same socket's next join is then served where it is), and when the serving node is killed its
 * clients find the call on the other node once the lease lapses.
 */
class CallsAcrossNodesIT {
    @Test
    void aCallIsServedByTheNodeHoldingItsLeaseAndMovesWhenThatNodeDies() throws Exception {
        String call = TestClient.fresh("call");
        try (RedisServer redis = RedisServer.start();
                PgDatabase database = PgDatabase.create();
                ServerProcess a = Nodes.start("it-a", redis, database);
                ServerProcess b = Nodes.start("it-b", redis, database)) {
            TestClient alice = TestClient.joined(a, Via.WEBSOCKET, "alice", call);
            assertThat(Nodes.owner(redis, call)).isEqualTo("it-a:1");

            // Bob reached the other node: once it-b lists it-a as live, his join is proxied to it-a, which serves it.
            Nodes.awaitListed(b, "it-a");
            TestClient bob = TestClient.authenticated(b, Via.WEBSOCKET, "bob", call);
            JSONObject proxied = Nodes.joinAck(bob, call, Duration.ofSeconds(5));
            assertThat(proxied.getBoolean("ok")).as(proxied.toString()).isTrue();
            assertThat(proxied.getJSONArray("participants").getJSONObject(0).getString("userId"))
                    .isEqualTo("alice");
            assertThat(Nodes.owner(redis, call)).isEqualTo("it-a:1");

            // The call ends on it-a: its lease goes with it, and the next meeting may be served anywhere.
            bob.call("leave_call", new JSONObject().put("sessionId", call));
            alice.call("leave_call", new JSONObject().put("sessionId", call));
            ServerProcess.await(Duration.ofSeconds(5), "it-a's release", () -> Nodes.owner(redis, call) == null);
            assertThat(Nodes.joinAck(bob, call, Nodes.LAPSE).getBoolean("ok")).isTrue();
            assertThat(Nodes.owner(redis, call)).isEqualTo("it-b:2");

            // it-b dies with the call; its clients come back through it-a, whose joins wait until the lease lapses.
            b.signal("KILL");
            b.awaitExit(Duration.ofSeconds(10));
            // it-a may still list the dead it-b for a few seconds: a join proxied there meanwhile is rerouted once it
            // does not, and waits for the lease like the others.
            TestClient carol = TestClient.authenticated(a, Via.WEBSOCKET, "carol", call);
            JSONObject served = Nodes.joinAck(carol, call, Nodes.LAPSE);
            assertThat(served.getBoolean("ok")).as(served.toString()).isTrue();
            assertThat(Nodes.owner(redis, call)).isEqualTo("it-a:3");
            TestClient bobAgain = TestClient.authenticated(a, Via.WEBSOCKET, "bob", call);
            JSONObject rejoined = Nodes.joinAck(bobAgain, call, Duration.ofSeconds(5));
            assertThat(rejoined.getJSONArray("participants").getJSONObject(0).getString("userId"))
                    .isEqualTo("carol");
            for (TestClient client : new TestClient[] {alice, bob, carol, bobAgain}) {
                client.close();
            }
        }
    }
}
