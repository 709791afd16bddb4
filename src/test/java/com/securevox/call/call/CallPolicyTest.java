package com.securevox.call.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallPolicyTest {

    @ParameterizedTest(name = "({0}, {1}, {2}) -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            0  | PT10S | 32 | maxParticipants: 0 (expected: > 0)
            -3 | PT10S | 32 | maxParticipants: -3 (expected: > 0)
            16 | null  | 32 | reconnectGrace: null (expected: a duration >= 0)
            16 | PT-1S | 32 | reconnectGrace: PT-1S (expected: >= 0)
            16 | PT10S | 0  | maxPendingPerParticipant: 0 (expected: > 0)
            16 | PT10S | -1 | maxPendingPerParticipant: -1 (expected: > 0)
            """)
    void rejectsWithAMessageNamingTheValueAndTheExpectation(
            int maxParticipants, Duration grace, int maxPending, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CallPolicy(maxParticipants, grace, maxPending))
                .withMessage(message);
    }

    @ParameterizedTest(name = "({0}, {1}, {2})")
    @CsvSource(delimiter = '|', textBlock = """
            1  | PT0S   | 1
            16 | PT10S  | 32
            64 | PT0.5S | 1000
            """)
    void acceptsTheSmallestAndTypicalValues(int maxParticipants, Duration grace, int maxPending) {
        CallPolicy policy = new CallPolicy(maxParticipants, grace, maxPending);

        assertThat(policy.maxParticipants()).isEqualTo(maxParticipants);
        assertThat(policy.reconnectGrace()).isEqualTo(grace);
        assertThat(policy.maxPendingPerParticipant()).isEqualTo(maxPending);
    }
}
