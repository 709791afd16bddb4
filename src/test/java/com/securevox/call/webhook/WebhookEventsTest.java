package com.securevox.call.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import com.securevox.call.quality.QualityAlert;
import com.securevox.call.ring.AcceptedVia;
import com.securevox.call.ring.InviteState;
import com.securevox.call.ring.PushRing;
import com.securevox.call.ring.RingAnswers.InviteeState;
import com.securevox.call.ring.RingFact;
import com.securevox.call.store.WebhookEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WebhookEventsTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong counter = new AtomicLong();
    private final WebhookEvents events = new WebhookEvents(json, () -> new UUID(0, counter.incrementAndGet()));

    static Participant participant(String userId, boolean audioMuted) {
        return new Participant(userId, Role.HOST, audioMuted, false, T0, Optional.empty());
    }

    @Test
    void aQualityAlertTakesItsPlaceInItsCallsNumberingAndIsDroppedOnceTheCallEnded() throws Exception {
        ClientInfo client = new ClientInfo("websocket", "agent");
        events.from(new CallFact.CallStarted("s1", T0));
        events.from(new CallFact.ParticipantJoined("s1", participant("alice", false), client, 1, T0));
        QualityAlert alert = new QualityAlert("s1", "alice", T0.plusSeconds(40), 2.123456, 3.0, T0.plusSeconds(10));

        WebhookEvent event = events.from(alert).orElseThrow();
        assertThat(event.type()).isEqualTo("call.quality_alert");
        assertThat(event.sequence()).isEqualTo(3);
        JsonNode data = json.readTree(event.body()).get("data");
        assertThat(data.toString())
                .isEqualTo("{\"userId\":\"alice\",\"mos\":2.12,\"threshold\":3.0,"
                        + "\"belowSince\":\"2026-03-01T10:00:10Z\",\"belowSeconds\":30}");

        events.from(new CallFact.CallEnded("s1", T0, T0.plusSeconds(50), 1, LeaveReason.LEFT));
        assertThat(events.from(alert)).isEmpty();
        assertThat(events.from(new QualityAlert("s2", "bob", T0, 1.0, 3.0, T0)))
                .as("never started")
                .isEmpty();
    }

    @Test
    void aCallIsNumberedFromOneWithoutGapsAndEndsWithItsParticipants() throws Exception {
        ClientInfo client = new ClientInfo("websocket", "agent");
        List<WebhookEvent> made = List.of(
                        new CallFact.CallStarted("s1", T0),
                        new CallFact.ParticipantJoined("s1", participant("alice", false), client, 1, T0),
                        new CallFact.ParticipantJoined("s1", participant("bob", false), client, 2, T0),
                        new CallFact.ParticipantUpdated("s1", participant("alice", true), T0.plusSeconds(3)),
                        new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(5)),
                        new CallFact.ParticipantLeft("s1", "bob", LeaveReason.DISCONNECTED, T0.plusSeconds(65)),
                        new CallFact.CallEnded("s1", T0, T0.plusSeconds(65), 2, LeaveReason.DISCONNECTED))
                .stream()
                .map(events::from)
                .toList();

        assertThat(made)
                .extracting(WebhookEvent::type)
                .containsExactly(
                        "call.started",
                        "participant.joined",
                        "participant.joined",
                        "participant.updated",
                        "participant.left",
                        "participant.left",
                        "call.ended");
        assertThat(made).extracting(WebhookEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);

        JsonNode updated = json.readTree(made.get(3).body());
        assertThat(updated.get("id").asText()).isEqualTo(made.get(3).id());
        assertThat(updated.get("type").asText()).isEqualTo("participant.updated");
        assertThat(updated.get("createdAt").asText()).isEqualTo("2026-03-01T10:00:03Z");
        assertThat(updated.get("sessionId").asText()).isEqualTo("s1");
        assertThat(updated.get("sequence").asLong()).isEqualTo(4);
        assertThat(updated.get("data").get("userId").asText()).isEqualTo("alice");
        assertThat(updated.get("data").get("audioMuted").asBoolean()).isTrue();
        assertThat(updated.get("data").get("videoMuted").asBoolean()).isFalse();

        assertThat(json.readTree(made.get(5).body()).get("data").get("reason").asText())
                .isEqualTo("disconnected");
        JsonNode ended = json.readTree(made.get(6).body()).get("data");
        assertThat(ended.get("durationSeconds").asLong()).isEqualTo(65);
        assertThat(ended.get("peakParticipants").asInt()).isEqualTo(2);
        assertThat(ended.get("participants").toString()).isEqualTo("[\"alice\",\"bob\"]");
    }

    @Test
    void aSessionIdUsedAgainStartsANewNumbering() {
        events.from(new CallFact.CallStarted("s1", T0));
        events.from(new CallFact.CallEnded("s1", T0, T0, 1, LeaveReason.LEFT));

        assertThat(events.from(new CallFact.CallStarted("s1", T0)).sequence()).isEqualTo(1);
        assertThat(events.from(new CallFact.CallStarted("s2", T0)).sequence()).isEqualTo(1);
    }

    private static final UUID RING = UUID.fromString("7d0c5a6e-3f1b-4c2a-9e8d-1a2b3c4d5e6f");

    private RingFact.Invited invited(String sessionId, Instant at, InviteeState... invitees) {
        return new RingFact.Invited(
                sessionId, RING, "alice", PushRing.Media.VIDEO, List.of(invitees), at.plusSeconds(45), at);
    }

    @Test
    void aRungCallNumbersItsRingFirstAndTheCallContinuesIt() throws Exception {
        ClientInfo client = new ClientInfo("websocket", "agent");
        List<WebhookEvent> made = new java.util.ArrayList<>();
        events.from(invited(
                        "s1",
                        T0,
                        new InviteeState("bob", InviteState.RINGING),
                        new InviteeState("carol", InviteState.BUSY)))
                .ifPresent(made::add);
        events.from(new RingFact.Decided("s1", RING, "carol", InviteState.BUSY, T0))
                .ifPresent(made::add);
        made.add(events.from(new CallFact.CallStarted("s1", T0.plusSeconds(1))));
        made.add(events.from(
                new CallFact.ParticipantJoined("s1", participant("alice", false), client, 1, T0.plusSeconds(1))));
        events.from(new RingFact.Decided("s1", RING, "bob", InviteState.ACCEPTED, T0.plusSeconds(4)))
                .ifPresent(made::add);
        assertThat(events.from(new RingFact.Over("s1", RING, true, T0.plusSeconds(4))))
                .isEmpty();
        made.add(events.from(
                new CallFact.ParticipantJoined("s1", participant("bob", false), client, 2, T0.plusSeconds(5))));

        assertThat(made)
                .extracting(WebhookEvent::type)
                .containsExactly(
                        "call.invited",
                        "invite.busy",
                        "call.started",
                        "participant.joined",
                        "invite.accepted",
                        "participant.joined");
        assertThat(made).extracting(WebhookEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(made).extracting(WebhookEvent::callStartedAt).containsOnly(T0);

        JsonNode invitedBody = json.readTree(made.get(0).body());
        assertThat(invitedBody.get("sessionId").asText()).isEqualTo("s1");
        assertThat(invitedBody.get("createdAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(invitedBody.get("data").toString())
                .isEqualTo("{\"ringId\":\"" + RING + "\",\"from\":\"alice\",\"media\":\"video\","
                        + "\"expiresAt\":\"2026-03-01T10:00:45Z\",\"invitees\":[{\"userId\":\"bob\",\"state\":"
                        + "\"ringing\"},{\"userId\":\"carol\",\"state\":\"busy\"}]}");
        assertThat(json.readTree(made.get(4).body()).get("data").toString())
                .isEqualTo("{\"ringId\":\"" + RING + "\",\"userId\":\"bob\"}");
        assertThat(json.readTree(made.get(2).body())
                        .get("data")
                        .get("startedAt")
                        .asText())
                .isEqualTo("2026-03-01T10:00:01Z");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(
            value = InviteState.class,
            names = {"ACCEPTED", "DECLINED", "BUSY", "MISSED", "UNREACHABLE", "CANCELLED", "FORBIDDEN"})
    void everyOutcomeIsAnInviteEventNamedAfterIt(InviteState state) {
        events.from(invited("s1", T0, new InviteeState("bob", InviteState.RINGING)));

        WebhookEvent decided =
                events.from(new RingFact.Decided("s1", RING, "bob", state, T0)).orElseThrow();

        assertThat(decided.type()).isEqualTo("invite." + state.wireName());
        assertThat(decided.sequence()).isEqualTo(2);
    }

    @Test
    void aRingNobodyAcceptedIsForgottenSoTheNextCallNumbersFromOne() {
        events.from(invited("s1", T0, new InviteeState("bob", InviteState.RINGING)));
        events.from(new RingFact.Decided("s1", RING, "bob", InviteState.DECLINED, T0));
        events.from(new RingFact.Over("s1", RING, false, T0));

        WebhookEvent started = events.from(new CallFact.CallStarted("s1", T0.plusSeconds(9)));

        assertThat(started.sequence()).isEqualTo(1);
        assertThat(started.callStartedAt()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void aRingIntoACallInProgressContinuesTheCallsNumbering() {
        events.from(new CallFact.CallStarted("s1", T0));

        WebhookEvent rung = events.from(invited("s1", T0.plusSeconds(3), new InviteeState("bob", InviteState.RINGING)))
                .orElseThrow();

        assertThat(rung.sequence()).isEqualTo(2);
        assertThat(rung.callStartedAt()).isEqualTo(T0);
    }

    @Test
    void anAcceptedRingWhoseCallNeverStartsIsForgottenAfterAWhile() {
        events.from(invited("s1", T0, new InviteeState("bob", InviteState.RINGING)));
        events.from(new RingFact.Decided("s1", RING, "bob", InviteState.ACCEPTED, T0));
        events.from(new RingFact.Over("s1", RING, true, T0));

        Instant later = T0.plus(WebhookEvents.RING_WAITS_FOR_CALL).plusSeconds(1);
        events.from(invited("s2", later, new InviteeState("bob", InviteState.RINGING)));

        assertThat(events.from(new CallFact.CallStarted("s1", later)).sequence())
                .isEqualTo(1);
    }

    @Test
    void anAcceptedInviteSaysHowItWasAccepted() throws Exception {
        events.from(invited("s1", T0, new InviteeState("bob", InviteState.RINGING)));

        WebhookEvent accepted = events.from(new RingFact.Decided(
                        "s1", RING, "bob", InviteState.ACCEPTED, Optional.of(AcceptedVia.GLARE), T0))
                .orElseThrow();

        assertThat(json.readTree(accepted.body()).get("data").toString())
                .isEqualTo("{\"ringId\":\"" + RING + "\",\"userId\":\"bob\",\"via\":\"glare\"}");
    }

    @Test
    void aRingsOutcomeAfterItsCallEndedContinuesThatCallsNumbering() {
        ClientInfo client = new ClientInfo("websocket", "agent");
        events.from(invited(
                "s1",
                T0,
                new InviteeState("bob", InviteState.RINGING),
                new InviteeState("carol", InviteState.RINGING)));
        events.from(new CallFact.CallStarted("s1", T0.plusSeconds(1)));
        events.from(new CallFact.ParticipantJoined("s1", participant("alice", false), client, 1, T0.plusSeconds(1)));
        events.from(new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(5)));
        WebhookEvent ended =
                events.from(new CallFact.CallEnded("s1", T0.plusSeconds(1), T0.plusSeconds(5), 1, LeaveReason.LEFT));
        // A recording of the ended call made now takes the number after call.ended, in the same stream.
        WebhookEvents.Place recording = events.reserve("s1", T0.plusSeconds(2)).orElseThrow();

        WebhookEvent bobMissed = events.from(
                        new RingFact.Decided("s1", RING, "bob", InviteState.MISSED, T0.plusSeconds(45)))
                .orElseThrow();
        // A new call on the session id before carol's outcome: its own numbering; carol's stays with the ring's.
        WebhookEvent again = events.from(new CallFact.CallStarted("s1", T0.plusSeconds(46)));
        WebhookEvent carolMissed = events.from(
                        new RingFact.Decided("s1", RING, "carol", InviteState.MISSED, T0.plusSeconds(47)))
                .orElseThrow();
        events.from(new RingFact.Over("s1", RING, false, T0.plusSeconds(47)));

        assertThat(ended.sequence()).isEqualTo(5);
        assertThat(recording).isEqualTo(new WebhookEvents.Place(6, T0));
        assertThat(List.of(bobMissed, carolMissed))
                .extracting(WebhookEvent::sequence)
                .containsExactly(7L, 8L);
        assertThat(List.of(ended, bobMissed, carolMissed))
                .extracting(WebhookEvent::callStartedAt)
                .containsOnly(T0);
        assertThat(again.sequence()).isEqualTo(1);
        assertThat(again.callStartedAt()).isEqualTo(T0.plusSeconds(46));
        // Once the ring is over, the ended call's numbering is the outbox's again.
        assertThat(events.reserve("s1", T0.plusSeconds(2))).isEmpty();
    }

    @Test
    void peopleAddedToACallAreARingOfItsOwnInTheCallsNumbering() throws Exception {
        UUID added = new UUID(7, 7);
        events.from(invited(
                "s1", T0, new InviteeState("bob", InviteState.RINGING), new InviteeState("erin", InviteState.RINGING)));
        events.from(new RingFact.Decided("s1", RING, "bob", InviteState.ACCEPTED, T0));
        events.from(new CallFact.CallStarted("s1", T0.plusSeconds(1)));

        WebhookEvent invitedMore = events.from(new RingFact.Invited(
                        "s1",
                        added,
                        "bob",
                        PushRing.Media.AUDIO,
                        List.of(new InviteeState("carol", InviteState.RINGING)),
                        T0.plusSeconds(55),
                        Optional.of(RING),
                        T0.plusSeconds(10)))
                .orElseThrow();
        events.from(new CallFact.CallEnded("s1", T0.plusSeconds(1), T0.plusSeconds(20), 2, LeaveReason.LEFT));
        WebhookEvent carol = events.from(
                        new RingFact.Decided("s1", added, "carol", InviteState.MISSED, T0.plusSeconds(55)))
                .orElseThrow();

        assertThat(invitedMore.sequence()).isEqualTo(4);
        assertThat(json.readTree(invitedMore.body()).get("data").get("addedTo").asText())
                .isEqualTo(RING.toString());
        assertThat(json.readTree(invitedMore.body()).get("data").get("from").asText())
                .isEqualTo("bob");
        assertThat(carol.sequence())
                .as("after call.ended (5), in the same stream")
                .isEqualTo(6);
        assertThat(carol.callStartedAt()).isEqualTo(T0);
    }

    @Test
    void aResumedCallMakesNoEventAndNumbersOnAfterTheOutboxsLast() {
        CallFact.CallResumed resumed =
                new CallFact.CallResumed("s1", T0, T0.plusSeconds(20), List.of(participant("alice", false)), false, 2);

        // What the outbox holds of the call agrees with the resumed state: nothing to tell.
        WebhookEvents before = new WebhookEvents(json, UUID::randomUUID);
        before.from(new CallFact.CallStarted("s1", T0));
        String joined = before.from(new CallFact.ParticipantJoined(
                        "s1", participant("alice", false), new ClientInfo("websocket", "agent"), 1, T0))
                .body();
        List<String> participation = List.of("{\"type\":\"call.started\",\"data\":{}}", joined);

        assertThat(events.resume(
                        resumed,
                        Optional.of(new com.securevox.call.store.CallSequence(T0.minusSeconds(3), 7)),
                        participation,
                        List.of()))
                .isEmpty();
        WebhookEvent left =
                events.from(new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(30)));

        assertThat(left.sequence()).isEqualTo(8);
        assertThat(left.callStartedAt()).isEqualTo(T0.minusSeconds(3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> events.from(resumed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("call 's1' resumed: makes no event");
    }

    @Test
    void aResumedCallTellsWhatTheOutboxLacksOfItsStateAsOfTheTakeover() throws Exception {
        // The dead node's outbox: started, alice and carol joined; the kill lost bob's join, carol's leave, alice's
        // mute.
        WebhookEvents dead = new WebhookEvents(json, UUID::randomUUID);
        ClientInfo client = new ClientInfo("websocket", "agent");
        List<String> participation = List.of(
                dead.from(new CallFact.CallStarted("s1", T0)).body(),
                dead.from(new CallFact.ParticipantJoined("s1", participant("alice", false), client, 1, T0))
                        .body(),
                dead.from(new CallFact.ParticipantJoined("s1", participant("carol", false), client, 2, T0))
                        .body());
        Instant takeover = T0.plusSeconds(20);
        CallFact.CallResumed resumed = new CallFact.CallResumed(
                "s1", T0, takeover, List.of(participant("alice", true), participant("bob", false)), false, 3);

        List<WebhookEvent> told = events.resume(
                resumed, Optional.of(new com.securevox.call.store.CallSequence(T0, 3)), participation, List.of());

        assertThat(told)
                .extracting(e -> e.sequence() + " " + e.type() + " "
                        + json.readTree(e.body()).get("data").get("userId").asText())
                .containsExactly("4 participant.left carol", "5 participant.updated alice", "6 participant.joined bob");
        assertThat(told).extracting(WebhookEvent::createdAt).containsOnly(takeover);
        assertThat(json.readTree(told.get(0).body()).get("data").get("reason").asText())
                .isEqualTo("disconnected");
        assertThat(json.readTree(told.get(1).body())
                        .get("data")
                        .get("audioMuted")
                        .asBoolean())
                .isTrue();
        assertThat(json.readTree(told.get(2).body())
                        .get("data")
                        .get("participants")
                        .asInt())
                .as("alice and bob")
                .isEqualTo(2);
        // call.ended lists everyone who took part as far as either knows, in join order.
        WebhookEvent ended = events.from(new CallFact.CallEnded("s1", T0, T0.plusSeconds(60), 3, LeaveReason.LEFT));
        assertThat(json.readTree(ended.body()).get("data").get("participants").toString())
                .isEqualTo("[\"alice\",\"carol\",\"bob\"]");
        assertThat(ended.sequence()).isEqualTo(7);
    }

    @Test
    void aResumedCallWhoseOutboxHoldsNoneOfItsEventsBeginsWithCallStarted() {
        CallFact.CallResumed resumed =
                new CallFact.CallResumed("s1", T0, T0.plusSeconds(20), List.of(participant("alice", false)), true, 1);

        List<WebhookEvent> told = events.resume(resumed, Optional.empty(), List.of(), List.of());

        assertThat(told)
                .extracting(e -> e.sequence() + " " + e.type())
                .containsExactly("1 call.started", "2 participant.joined");
        assertThat(told.getFirst().createdAt()).isEqualTo(T0);
        assertThat(told.getFirst().body()).contains("\"e2ee\":true");
    }

    private static com.securevox.call.store.ParticipantRecord row(String userId, Instant joinedAt, Instant leftAt) {
        return new com.securevox.call.store.ParticipantRecord(
                userId,
                "host",
                joinedAt,
                Optional.ofNullable(leftAt),
                Optional.ofNullable(leftAt).map(t -> "left"),
                "websocket",
                "agent");
    }

    @Test
    void aResumedCallTellsTheJoinsAndLeavesTheHistoryHasAndTheOutboxLacksInTimeOrder() throws Exception {
        // The dead node's outbox got as far as carol's first join; its history further.
        WebhookEvents dead = new WebhookEvents(json, UUID::randomUUID);
        ClientInfo client = new ClientInfo("websocket", "agent");
        List<String> participation = List.of(
                dead.from(new CallFact.CallStarted("s1", T0)).body(),
                dead.from(new CallFact.ParticipantJoined("s1", participant("alice", false), client, 1, T0))
                        .body(),
                dead.from(new CallFact.ParticipantJoined("s1", participant("carol", false), client, 2, T0))
                        .body());
        Instant takeover = T0.plusSeconds(20);
        List<com.securevox.call.store.ParticipantRecord> history = List.of(
                row("alice", T0, null),
                row("carol", T0, T0.plusSeconds(4)),
                row("carol", T0.plusSeconds(5), null),
                row("dave", T0.plusSeconds(6), T0.plusSeconds(7)),
                // Opened by the new node's history at the takeover: the state's side, told below.
                row("erin", takeover, null));
        CallFact.CallResumed resumed = new CallFact.CallResumed(
                "s1", T0, takeover, List.of(participant("alice", false), participant("carol", false)), false, 3);

        List<WebhookEvent> told = events.resume(
                resumed, Optional.of(new com.securevox.call.store.CallSequence(T0, 3)), participation, history);

        assertThat(told)
                .extracting(e -> e.sequence() + " " + e.type() + " "
                        + json.readTree(e.body()).get("data").get("userId").asText() + " " + e.createdAt())
                .containsExactly(
                        "4 participant.left carol " + T0.plusSeconds(4),
                        "5 participant.joined carol " + T0.plusSeconds(5),
                        "6 participant.joined dave " + T0.plusSeconds(6),
                        "7 participant.left dave " + T0.plusSeconds(7));
        assertThat(json.readTree(told.get(2).body())
                        .get("data")
                        .get("participants")
                        .asInt())
                .as("alice, carol and dave")
                .isEqualTo(3);
    }
}
