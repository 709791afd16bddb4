package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import com.securevox.call.push.FcmStandIn;
import com.securevox.call.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ringing across nodes (issue 15): three server processes share a private Redis; the caller's device is on node A, the
 * invitee's devices on B and C. The ring lives with its call's lease on A, rings the devices on B and C over the node
 * bus, and hears their answers from there.
 */
class RingingAcrossNodesIT {
    static final Duration QUIET = Duration.ofMillis(500);
    static Path dir;
    static FcmStandIn fcm;
    static RedisServer redis;
    static PgDatabase database;
    static ServerProcess a;
    static ServerProcess b;
    static ServerProcess c;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("securevox-ring-nodes-it-");
        fcm = new FcmStandIn(Clock.systemUTC(), Duration.ofHours(1), Files.createDirectory(dir.resolve("pki")));
        Files.write(dir.resolve("service-account.json"), fcm.serviceAccountJson());
        redis = RedisServer.start();
        database = PgDatabase.create();
        a = node("it-a");
        b = node("it-b");
        c = node("it-c");
        for (ServerProcess observer : List.of(a, b, c)) {
            for (String node : List.of("it-a", "it-b", "it-c")) {
                Nodes.awaitListed(observer, node);
            }
        }
    }

    /**
     * How long a ring rings, which is also how long someone who accepted one counts as about to join (busy): shorter
     * than production's 45 s so that the test of busy after a call does not wait that out, long enough that no other
     * test's ring (a second or two of steps, more on a loaded machine) rings out before it is answered.
     */
    static final Duration RING_TIMEOUT = Duration.ofSeconds(15);

    /** How long a gone device's rings outlive it: production's 10 s would only lengthen the tests of its end. */
    static final Duration RECONNECT_GRACE = Duration.ofSeconds(2);

    private static ServerProcess node(String id) {
        return Nodes.start(
                id,
                redis,
                database,
                "SECUREVOX_CALL_RING_TIMEOUT",
                RING_TIMEOUT.toSeconds() + "s",
                "SECUREVOX_CALL_RECONNECT_GRACE",
                RECONNECT_GRACE.toSeconds() + "s",
                "SECUREVOX_CALL_FCM_CREDENTIALS",
                dir.resolve("service-account.json").toString(),
                "SECUREVOX_CALL_FCM_URL",
                fcm.base(),
                "SECUREVOX_CALL_FCM_CA",
                fcm.caCertificate().toString());
    }

    @AfterAll
    static void stop() throws Exception {
        ServerProcess.close(a, b, c);
        if (fcm != null) {
            fcm.close();
        }
        ServerProcess.delete(dir);
        if (database != null) {
            database.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TestClient::close);
    }

    /** A device connection of {@code userId} on {@code node}, authenticated. */
    private TestClient device(ServerProcess node, String userId) {
        TestClient client = TestClient.connect(node.url(), Via.WEBSOCKET, RingingIT.userToken(node, userId));
        clients.add(client);
        assertThat(client.await("authenticated").json().getString("scope")).isEqualTo("user");
        return client;
    }

    /** Waits until the directory lists {@code count} device connections of {@code userId}. */
    private static void awaitDevices(String userId, int count) {
        ServerProcess.await(
                Duration.ofSeconds(10),
                count + " device connections of " + userId + " in the directory",
                () -> redis.command("ZCARD securevox:devices:" + userId).equals(":" + count));
    }

    /** Alice on A rings bob, whose devices are on B and C: both ring. */
    private Ringing ring() {
        String alice = TestClient.fresh("alice");
        String bob = TestClient.fresh("bob");
        TestClient caller = device(a, alice);
        TestClient onB = device(b, bob);
        TestClient onC = device(c, bob);
        awaitDevices(bob, 2);

        JSONObject invited = assertOk(RingingIT.invite(caller, bob));
        String sessionId = invited.getString("sessionId");
        assertThat(RingingIT.state(invited, bob)).isEqualTo("ringing");
        RingingIT.assertInviteState(caller, sessionId, bob, "ringing");
        for (TestClient device : List.of(onB, onC)) {
            JSONObject incoming = device.await("incoming_call").json();
            assertThat(incoming.getString("sessionId")).isEqualTo(sessionId);
            assertThat(incoming.getJSONObject("from").getString("userId")).isEqualTo(alice);
        }
        // The ring lives with the call's lease, which the invite took on A.
        assertThat(Nodes.owner(redis, sessionId)).isEqualTo("it-a:1");
        return new Ringing(alice, bob, sessionId, caller, onB, onC);
    }

    /** Bob accepts on B, alice joins on A and bob through B: he is in the call A serves. */
    private static void bobJoinsThroughB(Ringing ring) throws Exception {
        assertOk(ring.onB().call("call_accept", new JSONObject().put("sessionId", ring.sessionId())));
        ring.caller().join(new JSONObject().put("sessionId", ring.sessionId()));
        assertThat(Nodes.joinAck(ring.onB(), ring.sessionId(), Duration.ofSeconds(10))
                        .optBoolean("ok"))
                .isTrue();
    }

    /** {@code from} adds {@code invitee} to the call {@code sessionId}; the acknowledgement, which must be ok. */
    private static JSONObject add(TestClient from, String sessionId, String invitee) {
        return assertOk(from.call(
                "call_invite",
                new JSONObject()
                        .put("to", new org.json.JSONArray().put(invitee))
                        .put("sessionId", sessionId)
                        .put("media", "video")));
    }

    private record Ringing(
            String alice, String bob, String sessionId, TestClient caller, TestClient onB, TestClient onC) {}

    @Test
    void theCallerCancelsFromADeviceOnAnotherNodeAndTheDevicesEverywhereStopRinging() {
        Ringing ring = ring();
        // Alice's second device is on B, which does not serve the ring: her cancel goes to A.
        TestClient alicesOther = device(b, ring.alice());

        JSONObject cancelled =
                assertOk(alicesOther.call("call_cancel", new JSONObject().put("sessionId", ring.sessionId())));

        assertThat(cancelled.getString("state")).isEqualTo("cancelled");
        for (TestClient device : List.of(ring.onB(), ring.onC())) {
            assertThat(device.await("incoming_call_ended").json().toMap())
                    .isEqualTo(Map.of("sessionId", ring.sessionId(), "reason", "cancelled"));
        }
        RingingIT.assertInviteState(ring.caller(), ring.sessionId(), ring.bob(), "cancelled");
    }

    @Test
    void bobAcceptsOnCTheDeviceOnBStopsAndBothJoinOneCall() throws Exception {
        Ringing ring = ring();

        JSONObject accepted =
                assertOk(ring.onC().call("call_accept", new JSONObject().put("sessionId", ring.sessionId())));

        assertThat(accepted.getString("state")).isEqualTo("accepted");
        assertThat(accepted.getString("role")).isEqualTo("participant");
        assertThat(accepted.getString("token")).isNotBlank();
        assertThat(ring.onB().await("incoming_call_ended").json().toMap())
                .isEqualTo(Map.of("sessionId", ring.sessionId(), "reason", "answered_elsewhere"));
        ring.onC().assertNothing(QUIET, "incoming_call_ended");
        RingingIT.assertInviteState(ring.caller(), ring.sessionId(), ring.bob(), "accepted");

        // Both join with their device connections, without a call token: bob's through C, which asks A.
        JSONObject hostJoined = ring.caller().join(new JSONObject().put("sessionId", ring.sessionId()));
        assertThat(hostJoined.getJSONObject("self").getString("role")).isEqualTo("host");
        JSONObject joined = Nodes.joinAck(ring.onC(), ring.sessionId(), Duration.ofSeconds(10));
        assertThat(joined.optBoolean("ok")).as(joined.toString()).isTrue();
        assertThat(joined.getJSONObject("self").getString("role")).isEqualTo("participant");
        assertThat(Nodes.userIds(joined)).containsExactly(ring.alice());
        assertThat(ring.caller()
                        .await("participant_joined")
                        .json()
                        .getJSONObject("participant")
                        .getString("userId"))
                .isEqualTo(ring.bob());
        assertThat(Nodes.owner(redis, ring.sessionId())).isEqualTo("it-a:1");

        // Someone who neither rang nor accepted cannot join on a device connection, on any node.
        JSONObject refused =
                Nodes.joinAck(device(b, TestClient.fresh("mallory")), ring.sessionId(), QUIET.multipliedBy(20));
        Replies.assertFailure(refused, "FORBIDDEN");
    }

    @Test
    void bobDeclinesOnBTheDeviceOnCStopsAndTheCallerHears() {
        Ringing ring = ring();

        JSONObject declined =
                assertOk(ring.onB().call("call_decline", new JSONObject().put("sessionId", ring.sessionId())));

        assertThat(declined.getString("state")).isEqualTo("declined");
        assertThat(ring.onC().await("incoming_call_ended").json().toMap())
                .isEqualTo(Map.of("sessionId", ring.sessionId(), "reason", "declined_elsewhere"));
        ring.onB().assertNothing(QUIET, "incoming_call_ended");
        RingingIT.assertInviteState(ring.caller(), ring.sessionId(), ring.bob(), "declined");
        // A second answer is refused by the ring's node in the socket's terms.
        Replies.assertFailure(
                ring.onC().call("call_accept", new JSONObject().put("sessionId", ring.sessionId())), "CONFLICT");
    }

    @Test
    void anAnswerToARingThatDoesNotExistIsRingNotFoundOnEveryNode() {
        TestClient onB = device(b, TestClient.fresh("bob"));

        Replies.assertFailure(
                onB.call("call_accept", new JSONObject().put("sessionId", TestClient.fresh("nocall"))),
                "RING_NOT_FOUND");
    }

    @Test
    void anAppWokenByAPushAnswersOverRestOnANodeThatDoesNotServeTheRing() {
        Ringing ring = ring();
        String base = c.url() + "/api/rings/" + ring.sessionId();
        String token = RingingIT.userToken(c, ring.bob());

        Http.Response status = Http.get(base, "Authorization", "Bearer " + token);
        assertThat(status.status()).as("%s", status).isEqualTo(200);
        assertThat(status.json().getString("state")).isEqualTo("ringing");
        Http.Response accepted = Http.post(base + "/accept", "", "Authorization", "Bearer " + token);

        assertThat(accepted.status()).as("%s", accepted).isEqualTo(200);
        assertThat(accepted.json().getString("state")).isEqualTo("accepted");
        for (TestClient device : List.of(ring.onB(), ring.onC())) {
            assertThat(device.await("incoming_call_ended").json().getString("reason"))
                    .isEqualTo("answered_elsewhere");
        }
        RingingIT.assertInviteState(ring.caller(), ring.sessionId(), ring.bob(), "accepted");
        Http.Response missing =
                Http.get(b.url() + "/api/rings/" + TestClient.fresh("nocall"), "Authorization", "Bearer " + token);
        assertThat(missing.status()).as("%s", missing).isEqualTo(404);
    }

    @Test
    void aDeviceLiveOnAnotherNodeIsNotPushedWhileASleepingPhoneIs() {
        String alice = TestClient.fresh("alice");
        String bob = TestClient.fresh("bob");
        String phoneToken = "phone-" + TestClient.fresh("tok");
        String laptopToken = "laptop-" + TestClient.fresh("tok");
        Http.Response phone = Http.post(
                a.url() + "/api/users/" + bob + "/devices",
                new JSONObject().put("platform", "fcm").put("token", phoneToken).toString(),
                "Authorization",
                "Bearer " + ServerProcess.API_KEY);
        assertThat(phone.status()).as("%s", phone).isEqualTo(201);
        TestClient laptop = device(c, bob);
        String laptopId = assertOk(laptop.call(
                        "register_device",
                        new JSONObject().put("platform", "fcm").put("token", laptopToken)))
                .getString("deviceId");
        ServerProcess.await(Duration.ofSeconds(10), "the laptop's device id in the directory", () -> redis.command(
                        "ZRANGE securevox:devices:" + bob + " 0 -1")
                .contains(laptopId));
        TestClient caller = device(a, alice);

        String sessionId = assertOk(RingingIT.invite(caller, bob)).getString("sessionId");

        assertThat(laptop.await("incoming_call").json().getString("sessionId")).isEqualTo(sessionId);
        assertOk(caller.call("call_cancel", new JSONObject().put("sessionId", sessionId)));
        ServerProcess.await(
                Duration.ofSeconds(10),
                "the ring and its end pushed to the phone",
                () -> fcm.sendsTo(phoneToken).size() >= 2);
        assertThat(laptop.await("incoming_call_ended").json().getString("reason"))
                .isEqualTo("cancelled");
        // The device connected to C was told over its socket only.
        assertThat(fcm.sendsTo(laptopToken)).isEmpty();
        assertThat(fcm.problems).as("what the FCM stand-in found wrong").isEmpty();
    }

    @Test
    void someoneInTheCallOnAnotherNodeAddsAPersonWhoseDeviceIsOnAThird() throws Exception {
        Ringing ring = ring();
        String carol = TestClient.fresh("carol");
        TestClient carols = device(c, carol);
        awaitDevices(carol, 1);
        bobJoinsThroughB(ring);
        RingingIT.assertInviteState(ring.caller(), ring.sessionId(), ring.bob(), "accepted");

        // Bob, in the call through B, adds carol: his invite goes to A, which serves the call and its rings.
        JSONObject added = add(ring.onB(), ring.sessionId(), carol);

        assertThat(added.getString("sessionId")).isEqualTo(ring.sessionId());
        assertThat(RingingIT.state(added, carol)).isEqualTo("ringing");
        JSONObject incoming = carols.await("incoming_call").json();
        assertThat(incoming.getString("sessionId")).isEqualTo(ring.sessionId());
        assertThat(incoming.getJSONObject("from").getString("userId")).isEqualTo(ring.bob());
        assertOk(carols.call("call_accept", new JSONObject().put("sessionId", ring.sessionId())));
        // Who rang the call in the first place hears how the people added to it answer.
        RingingIT.assertInviteState(ring.caller(), ring.sessionId(), carol, "ringing");
        RingingIT.assertInviteState(ring.caller(), ring.sessionId(), carol, "accepted");
        JSONObject joined = Nodes.joinAck(carols, ring.sessionId(), Duration.ofSeconds(10));
        assertThat(joined.optBoolean("ok")).as(joined.toString()).isTrue();
        assertThat(Nodes.userIds(joined)).containsExactlyInAnyOrder(ring.alice(), ring.bob());
    }

    @Test
    void someoneInACallServedByAnotherNodeIsBusyUntilTheyLeaveIt() throws Exception {
        Ringing ring = ring();
        bobJoinsThroughB(ring);
        // Bob is in the call A serves (through B); A writes so for the other nodes.
        ServerProcess.await(Duration.ofSeconds(10), ring.bob() + " in a call on A, in Redis", () -> redis.command(
                        "ZCARD securevox:incall:" + ring.bob())
                .equals(":1"));

        // Dave on C rings bob: a new call, served by C, which has no call of bob's and no ring of his.
        String dave = TestClient.fresh("dave");
        TestClient daves = device(c, dave);
        JSONObject invited = assertOk(RingingIT.invite(daves, ring.bob()));

        assertThat(RingingIT.state(invited, ring.bob())).isEqualTo("busy");
        ring.onC().assertNothing(QUIET, "incoming_call");

        // Once bob left the call, and a ring timeout passed since he accepted alice's ring (one accepted that
        // recently counts as about to join, on one node as across nodes), a ring from C rings him again.
        assertOk(ring.onB().call("leave_call", new JSONObject().put("sessionId", ring.sessionId())));
        ServerProcess.await(RING_TIMEOUT.plusSeconds(20), ring.bob() + " in no call, in Redis", () -> redis.command(
                        "ZCARD securevox:incall:" + ring.bob())
                .equals(":0"));
        TestClient erin = device(c, TestClient.fresh("erin"));
        JSONObject again = assertOk(RingingIT.invite(erin, ring.bob()));
        assertThat(RingingIT.state(again, ring.bob())).isEqualTo("ringing");
        assertThat(ring.onC().await("incoming_call").json().getString("sessionId"))
                .isEqualTo(again.getString("sessionId"));
    }

    @Test
    void aRingThatAddsPeopleSentFromADeviceOnAnotherNodeIsCancelledWhenItsCallerIsGone() throws Exception {
        Ringing ring = ring();
        String carol = TestClient.fresh("carol");
        TestClient carols = device(c, carol);
        awaitDevices(carol, 1);
        bobJoinsThroughB(ring);
        // Bob's device on C goes: only his device on B is left, which adds carol to the call A serves.
        ring.onC().close();
        awaitDevices(ring.bob(), 1);
        JSONObject added = add(ring.onB(), ring.sessionId(), carol);
        assertThat(RingingIT.state(added, carol)).isEqualTo("ringing");
        assertThat(carols.await("incoming_call").json().getString("sessionId")).isEqualTo(ring.sessionId());

        // B tells A that the device is gone: after the reconnect grace the ring it started is cancelled (not missed:
        // the ring timeout is longer).
        ring.onB().close();

        assertThat(carols.await("incoming_call_ended", Duration.ofSeconds(30))
                        .json()
                        .toMap())
                .isEqualTo(Map.of("sessionId", ring.sessionId(), "reason", "cancelled"));
    }

    @Test
    void aRingAddedByACallersDeviceOnAnotherNodeThatIsInNoCallEndsWhenTheCallerIsGone() {
        Ringing ring = ring();
        String carol = TestClient.fresh("carol");
        TestClient carols = device(c, carol);
        awaitDevices(carol, 1);
        // Alice's second device, on B, adds carol while bob's devices still ring: it is not in the call on A.
        TestClient alicesOther = device(b, ring.alice());
        JSONObject added = add(alicesOther, ring.sessionId(), carol);
        assertThat(RingingIT.state(added, carol)).isEqualTo("ringing");
        assertThat(carols.await("incoming_call").json().getString("sessionId")).isEqualTo(ring.sessionId());

        // Both of alice's devices go: A ends her first ring, and B tells A about the device that added carol.
        ring.caller().close();
        alicesOther.close();

        for (TestClient device : List.of(carols, ring.onB(), ring.onC())) {
            assertThat(device.await("incoming_call_ended", Duration.ofSeconds(25))
                            .json()
                            .toMap())
                    .isEqualTo(Map.of("sessionId", ring.sessionId(), "reason", "cancelled"));
        }
    }

    @Test
    void anInviteOfSomeoneWhoseRingFromAnotherNodeRingsYouAcceptsThatRing() {
        Ringing ring = ring();
        TestClient bobs = ring.onB();

        // Bob, on B, rings alice back while her ring from A rings him: the single-node glare rule, across nodes.
        JSONObject back = assertOk(RingingIT.invite(bobs, ring.alice()));

        assertThat(back.getString("sessionId")).isEqualTo(ring.sessionId());
        assertThat(back.getString("role")).isEqualTo("participant");
        assertThat(RingingIT.state(back, ring.alice())).isEqualTo("accepted");
        assertThat(back.getString("token")).isNotBlank();
        RingingIT.assertInviteState(ring.caller(), ring.sessionId(), ring.bob(), "accepted");
        ring.caller().assertNothing(QUIET, "incoming_call");
        assertThat(ring.onC().await("incoming_call_ended").json().getString("reason"))
                .isEqualTo("answered_elsewhere");
        // The pair is let go of once the glare is settled: the next invite rings.
        assertThat(redis.command("EXISTS " + glareKey(ring.alice(), ring.bob())))
                .isEqualTo(":0");
    }

    @Test
    void invitesCrossingEachOtherFromTwoNodesMakeOneRingEveryTime() {
        List<ServerProcess> nodes = List.of(a, b, c);
        for (int round = 0; round < 12; round++) {
            String alice = TestClient.fresh("alice");
            String bob = TestClient.fresh("bob");
            TestClient alices = device(nodes.get(round % 3), alice);
            TestClient bobs = device(nodes.get((round + 1) % 3), bob);
            awaitDevices(alice, 1);
            awaitDevices(bob, 1);

            var fromAlice = alices.send("call_invite", inviteOf(bob));
            var fromBob = bobs.send("call_invite", inviteOf(alice));
            JSONObject aliceAck = assertOk(alices.get(fromAlice, "alice's invite ack"));
            JSONObject bobAck = assertOk(bobs.get(fromBob, "bob's invite ack"));

            String what = "round " + round + ": " + aliceAck + " / " + bobAck;
            assertThat(aliceAck.getString("sessionId")).as(what).isEqualTo(bobAck.getString("sessionId"));
            assertThat(aliceAck.getString("ringId")).as(what).isEqualTo(bobAck.getString("ringId"));
            assertThat(List.of(aliceAck.getString("role"), bobAck.getString("role")))
                    .as(what)
                    .containsExactlyInAnyOrder("host", "participant");
            JSONObject met = aliceAck.getString("role").equals("participant") ? aliceAck : bobAck;
            TestClient host = met == aliceAck ? bobs : alices;
            TestClient other = met == aliceAck ? alices : bobs;
            assertThat(RingingIT.state(met, met == aliceAck ? bob : alice))
                    .as(what)
                    .isEqualTo("accepted");
            // One ring: the host's device never rang; the other's at most once, for that call.
            host.assertNothing(QUIET, "incoming_call");
            assertThat(other.all("incoming_call")).as(what).hasSizeLessThanOrEqualTo(1);
            other.all("incoming_call")
                    .forEach(r ->
                            assertThat(r.json().getString("sessionId")).as(what).isEqualTo(met.getString("sessionId")));
            alices.close();
            bobs.close();
        }
    }

    @Test
    void someoneRingingSomeoneOnAnotherNodeIsBusyWhileSomeoneBeingRungIsNot() {
        Ringing ring = ring();
        // Alice rings bob from A: she is ringing someone, which A writes for the other nodes.
        ServerProcess.await(Duration.ofSeconds(10), ring.alice() + " ringing on A, in Redis", () -> redis.command(
                        "ZCARD securevox:incall:" + ring.alice())
                .equals(":1"));
        TestClient daves = device(c, TestClient.fresh("dave"));

        JSONObject toAlice = assertOk(RingingIT.invite(daves, ring.alice()));
        JSONObject toBob = assertOk(RingingIT.invite(device(b, TestClient.fresh("erin")), ring.bob()));

        assertThat(RingingIT.state(toAlice, ring.alice())).isEqualTo("busy");
        ring.caller().assertNothing(QUIET, "incoming_call");
        // Bob is only being rung: as on one node, he is rung again (his devices show a second incoming call).
        assertThat(RingingIT.state(toBob, ring.bob())).isEqualTo("ringing");
        assertThat(ring.onC().await("incoming_call").json().getString("sessionId"))
                .isEqualTo(toBob.getString("sessionId"));

        // Once alice's ring is over (and she did not accept anything), she may be rung from anywhere again.
        assertOk(ring.caller().call("call_cancel", new JSONObject().put("sessionId", ring.sessionId())));
        ServerProcess.await(Duration.ofSeconds(10), ring.alice() + " ringing nobody, in Redis", () -> redis.command(
                        "ZCARD securevox:incall:" + ring.alice())
                .equals(":0"));
        JSONObject again = assertOk(RingingIT.invite(device(c, TestClient.fresh("frank")), ring.alice()));
        assertThat(RingingIT.state(again, ring.alice())).isEqualTo("ringing");
    }

    @Test
    void someoneWhoAcceptedARingOnAnotherNodeAMomentAgoIsBusy() {
        Ringing ring = ring();
        assertOk(ring.onB().call("call_accept", new JSONObject().put("sessionId", ring.sessionId())));
        // Bob accepted alice's ring on A and is about to join: A writes him as engaged.
        ServerProcess.await(Duration.ofSeconds(10), ring.bob() + " about to join on A, in Redis", () -> redis.command(
                        "ZCARD securevox:incall:" + ring.bob())
                .equals(":1"));

        JSONObject invited = assertOk(RingingIT.invite(device(c, TestClient.fresh("dave")), ring.bob()));

        assertThat(RingingIT.state(invited, ring.bob())).isEqualTo("busy");
        ring.onC().assertNothing(QUIET, "incoming_call");
    }

    private static JSONObject inviteOf(String userId) {
        return new JSONObject().put("to", new org.json.JSONArray().put(userId)).put("media", "video");
    }

    private static String glareKey(String one, String other) {
        String first = one.compareTo(other) <= 0 ? one : other;
        String second = first.equals(one) ? other : one;
        return "securevox:glare:" + first.length() + ":" + first + ":" + second;
    }
}
