package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.NodeBus.Sender;
import com.securevox.call.cluster.SenderSequences.Duplicate;
import com.securevox.call.cluster.SenderSequences.Late;
import com.securevox.call.cluster.SenderSequences.Next;
import com.securevox.call.cluster.SenderSequences.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SenderSequencesTest {
    private static final Sender A = new Sender("node-a", "run-1");
    private static final Sender A_AGAIN = new Sender("node-a", "run-2");
    private static final Sender B = new Sender("node-b", "run-1");

    private static Verdict next(long missed) {
        return new Next(missed);
    }

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("in order", List.of(1L, 2L, 3L), List.of(next(0), next(0), next(0)), 0, 0, 0),
                Arguments.of(
                        "a first message above 1: sent before the receiver listened",
                        List.of(57L, 58L),
                        List.of(next(0), next(0)),
                        0,
                        0,
                        0),
                Arguments.of("a gap", List.of(1L, 2L, 6L, 7L), List.of(next(0), next(0), next(3), next(0)), 3, 0, 0),
                Arguments.of(
                        "a retried write",
                        List.of(1L, 2L, 2L, 3L),
                        List.of(next(0), next(0), new Duplicate(), next(0)),
                        0,
                        1,
                        0),
                Arguments.of(
                        "a message after its successor",
                        List.of(1L, 3L, 2L, 2L),
                        List.of(next(0), next(1), new Late(), new Duplicate()),
                        1,
                        1,
                        1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void tellsNextGapDuplicateAndLate(
            String what, List<Long> seqs, List<Verdict> verdicts, long lost, long duplicated, long reordered) {
        SenderSequences sequences = new SenderSequences();
        List<Verdict> got = new ArrayList<>();

        seqs.forEach(seq -> got.add(sequences.accept(A, seq)));

        assertThat(got).isEqualTo(verdicts);
        assertThat(sequences.lost()).isEqualTo(lost);
        assertThat(sequences.duplicated()).isEqualTo(duplicated);
        assertThat(sequences.reordered()).isEqualTo(reordered);
    }

    @Test
    void eachSenderHasItsOwnSequence() {
        SenderSequences sequences = new SenderSequences();
        sequences.accept(A, 1);
        sequences.accept(A, 2);

        assertThat(sequences.accept(B, 1)).isEqualTo(next(0));
        assertThat(sequences.accept(A, 3)).isEqualTo(next(0));
        assertThat(sequences.accept(B, 2)).isEqualTo(next(0));
    }

    @Test
    void aRestartedSenderStartsAgainAtOneAndWhatItsNewRunMissedCounts() {
        SenderSequences sequences = new SenderSequences();
        sequences.accept(A, 1);
        sequences.accept(A, 2);

        assertThat(sequences.accept(A_AGAIN, 1)).isEqualTo(next(0));

        SenderSequences other = new SenderSequences();
        other.accept(A, 1);
        assertThat(other.accept(A_AGAIN, 4)).isEqualTo(next(3));
        assertThat(other.lost()).isEqualTo(3);
    }

    @Test
    void forgetsMissingNumbersBeyondItsBoundAndTakesThemForDuplicates() {
        SenderSequences sequences = new SenderSequences();
        sequences.accept(A, 1);
        long far = 2 + SenderSequences.MAX_MISSING + 10;

        assertThat(sequences.accept(A, far)).isEqualTo(next(far - 2));
        assertThat(sequences.accept(A, 2)).isEqualTo(new Duplicate());
        assertThat(sequences.accept(A, far - 1)).isEqualTo(new Late());
    }

    @Test
    void keepsTheNewestSendersOnly() {
        SenderSequences sequences = new SenderSequences();
        sequences.accept(A, 5);
        for (int i = 0; i < SenderSequences.MAX_SENDERS; i++) {
            sequences.accept(new Sender("n" + i, "r"), 1);
        }

        // node-a was forgotten: its next message is taken as the first heard from it.
        assertThat(sequences.accept(A, 9)).isEqualTo(next(0));
    }

    @Test
    void refusesANumberBelowOne() {
        assertThatThrownBy(() -> new SenderSequences().accept(A, 0)).hasMessage("seq: 0 (expected: >= 1)");
    }
}
