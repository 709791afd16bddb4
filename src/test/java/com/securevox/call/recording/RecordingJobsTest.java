package com.securevox.call.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.media.RecordingEvent;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.store.RecordingNode;
import com.securevox.call.testing.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What becomes of a recording whose files cannot be made: failed, with the reason (which the webhook carries), never
 * left processing. Over a real SQLite catalog, with post-processing programs that are real processes (small scripts
 * standing in for janus-pp-rec and ffmpeg, failing the way a crashed one does).
 */
class RecordingJobsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final RecordingId ID = new RecordingId("rec_0123456789abcdef01234567");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private HistoryStore store;
    private RecordingCatalog catalog;
    private RecordingSpool spool;
    private RecordingJobs jobs;
    private Programs programs;

    private RecordingJobs newJobs() {
        return new RecordingJobs(catalog, programs, spool, false, new ObjectMapper(), clock);
    }

    @BeforeEach
    void open() throws IOException {
        store = HistoryStores.sqlite(dir.resolve("history.db"));
        catalog = store.recordings(clock, Optional.empty(), RecordingNode.alone("n1"));
        spool = RecordingSpool.in(dir.resolve("recordings"));
        Files.createDirectories(spool.raw());
        Path bin = Files.createDirectories(dir.resolve("bin"));
        programs = new Programs(
                script(bin, "janus-pp-rec", "echo 'Invalid RTP packet at 4096: the file is damaged' >&2; exit 3"),
                script(bin, "ffmpeg", "exit 0"),
                script(bin, "ffprobe", "echo 1.0"),
                Optional.empty(),
                Duration.ofSeconds(20));
        jobs = newJobs();
    }

    @AfterEach
    void close() {
        jobs.close();
        store.close();
    }

    @Test
    void aPostProcessorThatCrashesFailsTheRecordingSayingWhyAndKeepsTheRawFiles() throws IOException {
        Files.write(spool.raw().resolve(ID.value() + "-p1-audio-0.mjr"), mjr("a", "opus"));
        jobs.recording(new RecordingEvent.Started(ID.value(), "call_1", "host_1", T0));
        jobs.recording(new RecordingEvent.Segment(ID.value(), "alice", ID.value() + "-p1", T0.plusMillis(300)));
        jobs.recording(new RecordingEvent.Stopped(ID.value(), T0.plusSeconds(30)));

        RecordingInfo info = awaitStatus(RecordingStatus.FAILED);
        assertThat(info.failure())
                .startsWith("nothing playable was recorded: alice's media: janus-pp-rec failed (exit 3)")
                .contains("the file is damaged");
        assertThat(info.endedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(info.files()).isEmpty();
        assertThat(spool.recordings().resolve(ID.value()).resolve("raw").resolve(ID.value() + "-p1-audio-0.mjr"))
                .exists();
    }

    @Test
    void aRecordingWithNothingFromTheSfuFailsSayingSo() {
        jobs.recording(new RecordingEvent.Started(ID.value(), "call_1", "api", T0));
        jobs.recording(new RecordingEvent.Segment(ID.value(), "bob", ID.value() + "-p2", T0));
        jobs.recording(new RecordingEvent.Stopped(ID.value(), T0.plusSeconds(5)));

        assertThat(awaitStatus(RecordingStatus.FAILED).failure())
                .isEqualTo("nothing playable was recorded: bob's media from " + T0 + ": nothing reached the SFU");
    }

    @Test
    void aDamagedRawFileIsNamedWithWhatIsWrongWithIt() throws IOException {
        Files.writeString(spool.raw().resolve(ID.value() + "-p1-video-1.mjr"), "MJR00001 an old format");
        jobs.recording(new RecordingEvent.Started(ID.value(), "call_1", "api", T0));
        jobs.recording(new RecordingEvent.Segment(ID.value(), "carol", ID.value() + "-p1", T0));
        jobs.recording(new RecordingEvent.Stopped(ID.value(), T0.plusSeconds(5)));

        assertThat(awaitStatus(RecordingStatus.FAILED).failure())
                .isEqualTo("nothing playable was recorded: carol's media: " + ID.value()
                        + "-p1-video-1.mjr: not a Janus recording: starts with MJR00001 (expected: MJR00002)");
    }

    @Test
    void recordingsAStoppedServerLeftUnfinishedAreMarkedFailedAtTheNextStart() {
        catalog.started(ID, "call_1", "api", T0);

        jobs.recover();

        assertThat(awaitStatus(RecordingStatus.FAILED).failure())
                .isEqualTo("the server stopped while it was recording; its raw files stay in the recording's folder");
    }

    @Test
    void aRecordingInterruptedByAServerStopIsMadeAtTheNextStartFromItsJournal() throws IOException {
        Files.write(spool.raw().resolve(ID.value() + "-p1-audio-0.mjr"), mjr("a", "opus"));
        jobs.recording(new RecordingEvent.Started(ID.value(), "call_1", "host_1", T0));
        jobs.recording(new RecordingEvent.Segment(ID.value(), "alice", ID.value() + "-p1", T0.plusMillis(300)));
        Path journal = spool.raw().resolve(ID.value() + ".take.json");
        awaitFile(journal, "\"alice\"");
        jobs.close();
        clock.advance(Duration.ofSeconds(40));

        jobs = newJobs();
        jobs.recover();

        RecordingInfo info = awaitStatus(RecordingStatus.FAILED);
        assertThat(info.endedAt()).isEqualTo(T0.plusSeconds(40));
        assertThat(info.failure())
                .startsWith("nothing playable was recorded: the server stopped while it was recording: what came after"
                        + " was not recorded; alice's media: janus-pp-rec failed (exit 3)");
        assertThat(journal).doesNotExist();
    }

    @Test
    void aDamagedJournalFailsTheRecordingSayingWhatIsWrong() throws IOException {
        catalog.started(ID, "call_1", "api", T0);
        Files.writeString(
                spool.raw().resolve(ID.value() + ".take.json"), "{\"sessionId\": \"call_1\", \"startedAt\": 5}");

        jobs.recover();

        assertThat(awaitStatus(RecordingStatus.FAILED).failure())
                .isEqualTo("the server stopped while it was recording, and its journal cannot be used: journal"
                        + " startedAt: 5 (expected: a string)");
    }

    private void awaitFile(Path file, String holding) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(file) && Files.readString(file).contains(holding)) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(file).content().contains(holding);
    }

    private RecordingInfo awaitStatus(RecordingStatus status) {
        Supplier<Optional<RecordingInfo>> read = () -> catalog.find(ID).filter(r -> r.status() == status);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (read.get().isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return read.get().orElseThrow(() -> new AssertionError("not " + status + " within 20 s: " + catalog.find(ID)));
    }

    /** The start of a raw recording as Janus writes it: magic, length, JSON header. */
    private static byte[] mjr(String type, String codec) {
        long micros = T0.toEpochMilli() * 1000;
        byte[] header = ("{\"t\":\"" + type + "\",\"c\":\"" + codec + "\",\"s\":" + micros + ",\"u\":"
                        + (micros + 250_000) + "}")
                .getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 2 + header.length)
                .put("MJR00002".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) header.length)
                .put(header)
                .array();
    }

    private static Path script(Path bin, String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
