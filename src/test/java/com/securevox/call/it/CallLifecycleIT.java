package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.Replies.assertParticipant;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** join_call, leave_call, metadata, mute_audio / mute_video, isolation between calls. */
class CallLifecycleIT {
    /** How long "nothing arrives" is watched for. */
    static final Duration QUIET = Duration.ofMillis(500);

    static ServerProcess server;

    @BeforeAll
    static void start() {
        server = ServerProcess.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void joinAnswersWithCallJoinedAndAckAndTellsTheOthers(Via via) {
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        String carol = fresh("carol");
        try (TestClient a = TestClient.authenticated(server, via, alice, call);
                TestClient b = TestClient.authenticated(server, via, bob, call);
                TestClient c = TestClient.authenticated(server, via, carol, call)) {
            JSONObject aliceMeta = new JSONObject().put("name", "Alice");
            JSONObject ack = a.join(new JSONObject().put("sessionId", call).put("metadata", aliceMeta));
            JSONObject joined = a.await("call_joined").json();
            for (JSONObject reply : new JSONObject[] {ack, joined}) {
                assertThat(reply.getString("sessionId")).isEqualTo(call);
                JSONObject self = assertParticipant(reply.getJSONObject("self"), alice);
                assertThat(self.getString("role")).isEqualTo("participant");
                assertThat(self.getBoolean("audioMuted")).isFalse();
                assertThat(self.getBoolean("videoMuted")).isFalse();
                assertThat(self.getJSONObject("metadata").similar(aliceMeta)).isTrue();
                assertThat(reply.getJSONArray("participants")).isEmpty();
                assertIceServers(reply.getJSONArray("iceServers"));
            }
            assertThat(joined.keySet()).contains("sessionId", "self", "participants", "iceServers");
            assertThat(joined.getJSONObject("self").similar(ack.getJSONObject("self")))
                    .isTrue();
            long aliceJoinedAt = ack.getJSONObject("self").getLong("joinedAt");

            JSONObject bobAck = b.join(new JSONObject().put("sessionId", call));
            JSONObject bobJoined = b.await("call_joined").json();
            for (JSONObject reply : new JSONObject[] {bobAck, bobJoined}) {
                assertThat(reply.getJSONObject("self").get("metadata")).isEqualTo(JSONObject.NULL);
                JSONArray others = reply.getJSONArray("participants");
                assertThat(others).hasSize(1);
                JSONObject first = assertParticipant(others.getJSONObject(0), alice);
                assertThat(first.getLong("joinedAt")).isEqualTo(aliceJoinedAt);
                assertThat(first.getJSONObject("metadata").similar(aliceMeta)).isTrue();
            }
            JSONObject announced = a.await("participant_joined").json();
            assertThat(announced.getString("sessionId")).isEqualTo(call);
            assertParticipant(announced.getJSONObject("participant"), bob);
            assertThat(announced.getJSONObject("participant").similar(bobAck.getJSONObject("self")))
                    .isTrue();

            JSONObject carolAck = c.join(new JSONObject().put("sessionId", call));
            JSONArray others = carolAck.getJSONArray("participants");
            assertThat(others).hasSize(2);
            assertThat(others.getJSONObject(0).getString("userId"))
                    .as("join order")
                    .isEqualTo(alice);
            assertThat(others.getJSONObject(1).getString("userId"))
                    .as("join order")
                    .isEqualTo(bob);
            assertThat(a.await("participant_joined")
                            .json()
                            .getJSONObject("participant")
                            .getString("userId"))
                    .isEqualTo(carol);
            assertThat(b.await("participant_joined")
                            .json()
                            .getJSONObject("participant")
                            .getString("userId"))
                    .isEqualTo(carol);
            c.await("call_joined");
            c.assertNothing(QUIET, "participant_joined");
            assertThat(b.has("participant_joined"))
                    .as("bob told of his own join")
                    .isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void metadataAndMuteFlagsRoundTrip(Via via) {
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        JSONObject meta = new JSONObject()
                .put("name", "Bob ✓")
                .put("device", new JSONObject().put("os", "android").put("version", 14))
                .put(
                        "tags",
                        new JSONArray().put("a").put(JSONObject.NULL).put(true).put(1.5));
        try (TestClient a = TestClient.authenticated(server, via, alice, call);
                TestClient b = TestClient.authenticated(server, via, bob, call)) {
            JSONObject aliceAck = a.join(new JSONObject().put("sessionId", call).put("metadata", JSONObject.NULL));
            assertThat(aliceAck.getJSONObject("self").get("metadata")).isEqualTo(JSONObject.NULL);

            JSONObject bobAck = b.join(new JSONObject()
                    .put("sessionId", call)
                    .put("metadata", meta)
                    .put("audioMuted", true)
                    .put("videoMuted", true));
            JSONObject self = bobAck.getJSONObject("self");
            assertThat(self.getJSONObject("metadata").similar(meta))
                    .as(self.toString())
                    .isTrue();
            assertThat(self.getBoolean("audioMuted")).isTrue();
            assertThat(self.getBoolean("videoMuted")).isTrue();
            assertThat(bobAck.getJSONArray("participants").getJSONObject(0).get("metadata"))
                    .isEqualTo(JSONObject.NULL);

            JSONObject seen = a.await("participant_joined").json().getJSONObject("participant");
            assertThat(seen.getJSONObject("metadata").similar(meta))
                    .as(seen.toString())
                    .isTrue();
            assertThat(seen.getBoolean("audioMuted")).isTrue();
            assertThat(seen.getBoolean("videoMuted")).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void leaveTellsTheOthersWithReasonLeft(Via via) {
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        String carol = fresh("carol");
        try (TestClient a = TestClient.joined(server, via, alice, call);
                TestClient b = TestClient.joined(server, via, bob, call);
                TestClient c = TestClient.joined(server, via, carol, call)) {
            a.await("participant_joined");
            a.await("participant_joined");
            b.await("participant_joined");

            JSONObject ack = b.call("leave_call", new JSONObject().put("sessionId", call));
            assertOk(ack);
            for (TestClient other : new TestClient[] {a, c}) {
                JSONObject left = other.await("participant_left").json();
                assertThat(left.getString("sessionId")).isEqualTo(call);
                assertThat(left.getString("userId")).isEqualTo(bob);
                assertThat(left.getString("reason")).isEqualTo("left");
            }

            // Without a sessionId: leaves the call the socket is in.
            assertOk(c.call("leave_call", new JSONObject()));
            JSONObject left = a.await("participant_left").json();
            assertThat(left.getString("userId")).isEqualTo(carol);
            assertThat(left.getString("reason")).isEqualTo("left");

            // A socket that left may join again; it is a new participant.
            JSONObject again = b.join(new JSONObject().put("sessionId", call));
            assertThat(again.getJSONArray("participants")).hasSize(1);
            assertThat(a.await("participant_joined")
                            .json()
                            .getJSONObject("participant")
                            .getString("userId"))
                    .isEqualTo(bob);
            a.assertNothing(QUIET, "participant_left");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void muteTellsTheOthersAndAcksWithTheParticipant(Via via) {
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        try (TestClient a = TestClient.joined(server, via, alice, call);
                TestClient b = TestClient.joined(server, via, bob, call)) {
            a.await("participant_joined");

            JSONObject ack = assertOk(b.call("mute_audio", new JSONObject().put("muted", true)));
            JSONObject mine = assertParticipant(ack.getJSONObject("participant"), bob);
            assertThat(mine.getBoolean("audioMuted")).isTrue();
            assertThat(mine.getBoolean("videoMuted")).isFalse();
            JSONObject updated = a.await("participant_updated").json();
            assertThat(updated.getString("sessionId")).isEqualTo(call);
            JSONObject seen = assertParticipant(updated.getJSONObject("participant"), bob);
            assertThat(seen.getBoolean("audioMuted")).isTrue();
            assertThat(seen.getBoolean("videoMuted")).isFalse();
            assertThat(seen.getLong("joinedAt")).isEqualTo(mine.getLong("joinedAt"));

            ack = assertOk(b.call("mute_video", new JSONObject().put("muted", true)));
            assertThat(ack.getJSONObject("participant").getBoolean("videoMuted"))
                    .isTrue();
            assertThat(ack.getJSONObject("participant").getBoolean("audioMuted"))
                    .isTrue();
            seen = a.await("participant_updated").json().getJSONObject("participant");
            assertThat(seen.getBoolean("videoMuted")).isTrue();
            assertThat(seen.getBoolean("audioMuted")).isTrue();

            ack = assertOk(b.call("mute_audio", new JSONObject().put("muted", false)));
            assertThat(ack.getJSONObject("participant").getBoolean("audioMuted"))
                    .isFalse();
            assertThat(a.await("participant_updated")
                            .json()
                            .getJSONObject("participant")
                            .getBoolean("audioMuted"))
                    .isFalse();

            // The same value again still notifies (docs/protocol.md).
            assertOk(b.call("mute_audio", new JSONObject().put("muted", false)));
            a.await("participant_updated");

            // A late joiner sees the current state.
            try (TestClient c = TestClient.authenticated(server, via, fresh("carol"), call)) {
                JSONObject bobSeen = c.join(new JSONObject().put("sessionId", call))
                        .getJSONArray("participants")
                        .getJSONObject(1);
                assertThat(bobSeen.getString("userId")).isEqualTo(bob);
                assertThat(bobSeen.getBoolean("audioMuted")).isFalse();
                assertThat(bobSeen.getBoolean("videoMuted")).isTrue();
            }
            b.assertNothing(QUIET, "participant_updated");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void callsAreIsolatedFromEachOther(Via via) {
        String call1 = fresh("call");
        String call2 = fresh("call");
        // The same user ids in both calls: only the call decides who gets what.
        String alice = fresh("alice");
        String bob = fresh("bob");
        try (TestClient a1 = TestClient.joined(server, via, alice, call1);
                TestClient a2 = TestClient.joined(server, via, alice, call2);
                TestClient b1 = TestClient.joined(server, via, bob, call1);
                TestClient b2 = TestClient.joined(server, via, bob, call2)) {
            assertThat(a1.await("participant_joined").json().getString("sessionId"))
                    .isEqualTo(call1);
            assertThat(a2.await("participant_joined").json().getString("sessionId"))
                    .isEqualTo(call2);

            JSONObject sdp = new JSONObject().put("type", "offer").put("sdp", "v=0 call1");
            assertOk(a1.call("offer", new JSONObject().put("to", bob).put("sdp", sdp)));
            JSONObject offer = b1.await("offer").json();
            assertThat(offer.getString("sessionId")).isEqualTo(call1);
            assertThat(offer.getJSONObject("sdp").getString("sdp")).isEqualTo("v=0 call1");

            assertOk(b1.call("mute_audio", new JSONObject().put("muted", true)));
            assertThat(a1.await("participant_updated").json().getString("sessionId"))
                    .isEqualTo(call1);
            assertOk(b1.call("leave_call", new JSONObject().put("sessionId", call1)));
            assertThat(a1.await("participant_left").json().getString("sessionId"))
                    .isEqualTo(call1);

            for (TestClient other : new TestClient[] {a2, b2}) {
                other.assertNothing(QUIET, "offer", "participant_updated", "participant_left", "participant_joined");
            }
            // call2 is intact.
            assertOk(b2.call("answer", new JSONObject().put("to", alice).put("sdp", "v=0 call2")));
            assertThat(a2.await("answer").json().getString("sessionId")).isEqualTo(call2);
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void theDartClientsDisconnectingEventBreaksNothing(Via via) {
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        try (TestClient a = TestClient.joined(server, via, alice, call)) {
            try (TestClient b = TestClient.joined(server, via, bob, call)) {
                a.await("participant_joined");
                // What socket_io_client (Dart) does on close: emit "disconnecting", then disconnect.
                b.emitReserved("disconnecting");
                // The socket still works after it.
                assertOk(b.call("mute_audio", new JSONObject().put("muted", true)));
                a.await("participant_updated");
                b.assertNothing(Duration.ofMillis(300), "call_error", "disconnect");
                b.emitReserved("disconnecting");
            }
            // Alice's side is unharmed: she can still use the call.
            assertOk(a.call("mute_video", new JSONObject().put("muted", true)));
            a.assertNothing(QUIET, "call_error", "disconnect");
            assertThat(a.connected()).isTrue();
            assertThat(Http.get(server.url() + "/health").status()).isEqualTo(200);
        }
    }

    static void assertIceServers(JSONArray iceServers) {
        assertThat(iceServers).isNotEmpty();
        for (int i = 0; i < iceServers.length(); i++) {
            JSONArray urls = iceServers.getJSONObject(i).getJSONArray("urls");
            assertThat(urls).isNotEmpty();
            assertThat(urls.getString(0)).matches("(stun|turn|turns):.+");
        }
    }
}
