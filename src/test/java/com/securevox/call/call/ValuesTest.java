package com.securevox.call.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            null  | ConnectionId.value: null (expected: non-blank text)
            ''    | ConnectionId.value: '' (expected: non-blank text)
            '  '  | ConnectionId.value: '  ' (expected: non-blank text)
            """)
    void connectionIdMustNotBeBlank(String value, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ConnectionId(value))
                .withMessage(message);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            LEFT         | left
            DISCONNECTED | disconnected
            REPLACED     | replaced
            """)
    void leaveReasonsHaveTheWireNamesOfTheContract(LeaveReason reason, String wireName) {
        assertThat(reason.wireName()).isEqualTo(wireName);
    }

    @Test
    void metadataMustNotBeNullButIsNeverParsed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Metadata(null))
                .withMessage("Metadata.json: null (expected: the JSON text of an object)");
        assertThat(new Metadata("not json at all").json()).isEqualTo("not json at all");
    }

    @ParameterizedTest(name = "userId [{0}], sessionId [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            null  | s1     | userId: missing (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            'a b' | s1     | userId: 'a b' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            alice | null   | sessionId: missing (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            alice | ''     | sessionId: '' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            """)
    void joinRequestIdsFollowTheIdRule(String userId, String sessionId, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new JoinRequest(
                        new ConnectionId("c1"),
                        userId,
                        Role.HOST,
                        sessionId,
                        Optional.empty(),
                        false,
                        false,
                        RecordingJournal.CLIENT))
                .withMessage(message);
    }

    @Test
    void joinRequestNeedsAConnection() {
        assertThatNullPointerException()
                .isThrownBy(() -> new JoinRequest(
                        null, "alice", Role.HOST, "s1", Optional.empty(), false, false, RecordingJournal.CLIENT))
                .withMessage("connection: null (expected: a ConnectionId)");
    }

    @ParameterizedTest(name = "{0} muted={1}")
    @CsvSource(delimiter = '|', textBlock = """
            AUDIO | true  | true  | false
            AUDIO | false | false | false
            VIDEO | true  | false | true
            VIDEO | false | false | false
            """)
    void withMutedChangesOnlyThatTrack(MediaKind kind, boolean muted, boolean audio, boolean video) {
        Participant before =
                new Participant("alice", Role.HOST, false, false, Instant.EPOCH, Optional.of(new Metadata("{}")));

        Participant after = before.withMuted(kind, muted);

        assertThat(after)
                .isEqualTo(new Participant(
                        "alice", Role.HOST, audio, video, Instant.EPOCH, Optional.of(new Metadata("{}"))));
    }

    @Test
    void valuesCopyTheirListsSoTheyStayImmutable() {
        List<String> users = new ArrayList<>(List.of("a"));
        CallSnapshot snapshot = new CallSnapshot("s1", users, Instant.EPOCH);
        users.add("b");

        assertThat(snapshot.participants()).containsExactly("a");
    }
}
