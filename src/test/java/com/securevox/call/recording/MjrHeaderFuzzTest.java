package com.securevox.call.recording;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.time.Instant;

/**
 * Whatever a raw recording starts with (the spool folder holds whatever Janus, or a crash, left there), reading its
 * header yields a header within the limits or a {@link RecordingException} with a one-line message; nothing else may
 * escape, since the post-processor turns that message into the recording's failure.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code MjrHeaderFuzzTestInputs/readsOrRefuses/} (headers as Janus
 * writes them, and broken ones); set {@code JAZZER_FUZZ=1} to fuzz.
 */
class MjrHeaderFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant EARLIEST = Instant.parse("2001-09-09T01:46:40Z");
    private static final Instant LATEST = Instant.parse("5138-11-16T09:46:40Z");

    @FuzzTest(maxDuration = "2m")
    void readsOrRefuses(byte[] data) {
        MjrHeader header;
        try {
            header = MjrHeader.read(new ByteArrayInputStream(data), JSON);
        } catch (RecordingException e) {
            String message = e.getMessage();
            if (message == null || message.isBlank() || message.contains("\n")) {
                throw new AssertionError("refusal without a one-line message: " + message, e);
            }
            return;
        }
        if (header.codec().isEmpty() || header.codec().length() > 64) {
            throw new AssertionError("codec out of bounds: " + header);
        }
        for (Instant at : new Instant[] {header.created(), header.firstFrame()}) {
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                throw new AssertionError("time out of range: " + header);
            }
        }
    }
}
