package com.securevox.call.recording;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/**
 * A recording's journal is read back after a crash, from a disk that may have damaged it: any bytes either become a
 * recording of that id whose files are all its own, or are refused with a RecordingException saying why.
 */
class TakeJournalFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RecordingId ID = new RecordingId("rec_0123456789abcdef01234567");
    private static final Instant END = Instant.parse("2026-03-01T10:00:00Z");

    @FuzzTest(maxDuration = "2m")
    void parsesOrRefuses(byte[] input) {
        try {
            RawTake take = TakeJournal.parse(ID, input, END, JSON);
            if (!take.id().equals(ID) || take.endedAt().isBefore(take.startedAt())) {
                throw new AssertionError("accepted a recording that is not this one: " + take);
            }
            for (RawTake.Segment segment : take.segments()) {
                if (!segment.fileBase().startsWith(ID.value() + "-")) {
                    throw new AssertionError("accepted another recording's file: " + segment);
                }
            }
        } catch (RecordingException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a refusal without a reason", e);
            }
        }
    }
}
