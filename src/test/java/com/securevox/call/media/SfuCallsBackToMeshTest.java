package com.securevox.call.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallEvent;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Outbox;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A call going back to the mesh: every capable participant is told before any leaves the SFU, so the
 * offers of the first one told do not wait on that work to reach the others before their own
 * {@code media_mode}.
 */
class SfuCallsBackToMeshTest {
    private final List<String> seen = new ArrayList<>();
    private final SfuCalls calls = SfuCallsJournalTest.autoCalls(
            SfuCallsJournalTest.upSfu((method, args) -> {
                if (method.equals("leave")) {
                    seen.add("leave " + ((MediaParticipant) args[0]).userId());
                }
            }),
            new SfuCallsJournalTest.QuietSignals() {
                @Override
                public void mediaMode(ConnectionId to, String sessionId, MediaMode mode) {
                    seen.add(mode.wireName() + " " + to.value().substring(sessionId.length() + 1));
                }
            },
            (sessionId, mode) -> {});
    private final Outbox outbox = calls.observing((to, event) -> {});

    @Test
    void everyoneIsToldTheCallIsAMeshBeforeAnyPresenceOnTheSfuEnds() {
        for (String userId : List.of("ann", "bob", "cleo")) {
            SfuCallsJournalTest.joinedS1(calls, outbox, new ConnectionId("s1/" + userId), userId);
        }
        assertThat(seen).contains("sfu ann", "sfu bob", "sfu cleo");
        seen.clear();

        calls.declare(new ConnectionId("s1/dana"), false);
        outbox.deliver(
                new ConnectionId("s1/dana"),
                new CallEvent.Joined(
                        "s1",
                        new Participant(
                                "dana", Role.PARTICIPANT, false, false, SfuCallsJournalTest.T0, Optional.empty()),
                        List.of()));

        assertThat(seen).containsExactly("mesh ann", "mesh bob", "mesh cleo", "leave ann", "leave bob", "leave cleo");
    }
}
