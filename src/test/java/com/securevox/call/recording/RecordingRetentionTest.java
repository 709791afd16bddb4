package com.securevox.call.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.store.RecordingNode;
import com.securevox.call.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention over a real SQLite catalog and real folders. */
class RecordingRetentionTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final RecordingFile FILE =
            new RecordingFile("participant-1.webm", "alice", Duration.ZERO, Duration.ofSeconds(1), true, true, 3);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final Set<RecordingId> stuck = new HashSet<>();
    private HistoryStore store;
    private RecordingCatalog catalog;
    private Path recordings;

    @BeforeEach
    void open() {
        store = HistoryStores.sqlite(dir.resolve("history.db"));
        catalog = store.recordings(clock, Optional.empty(), RecordingNode.alone("n1"));
        recordings = dir.resolve("recordings");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RecordingRetention retention(Duration keep) {
        return new RecordingRetention(catalog, recordings, keep, Duration.ofMinutes(10), clock, folder -> {
            if (stuck.contains(new RecordingId(folder.getFileName().toString()))) {
                throw new IOException("Permission denied: " + folder);
            }
            RecordingRetention.deleteTree(folder);
        });
    }

    /** A ready recording that ended at {@code ended}, with its folder of files. */
    private RecordingId recording(Instant ended) throws IOException {
        RecordingId id = RecordingId.random();
        catalog.started(id, "s1", "alice", ended.minusSeconds(60));
        catalog.processing(id, ended);
        catalog.ready(id, List.of(FILE), false, null);
        Path folder = Files.createDirectories(recordings.resolve(id.value()).resolve("raw"));
        Files.writeString(folder.getParent().resolve(FILE.name()), "abc");
        Files.writeString(folder.resolve("audio.mjr"), "raw");
        return id;
    }

    @Test
    void recordingsPastTheRetentionGoWithTheirFoldersAndTheOthersStay() throws IOException {
        RecordingId old = recording(T0);
        RecordingId young = recording(T0.plus(Duration.ofDays(29)));
        clock.advance(Duration.ofDays(30).plusSeconds(1));

        assertThat(retention(Duration.ofDays(30)).sweep()).isEqualTo(1);

        assertThat(catalog.find(old)).isEmpty();
        assertThat(catalog.deleting()).isEmpty();
        assertThat(recordings.resolve(old.value())).doesNotExist();
        assertThat(catalog.find(young)).isPresent();
        assertThat(recordings.resolve(young.value()).resolve(FILE.name())).exists();
    }

    @Test
    void aFolderThatWillNotGoLeavesTheRecordingMarkedUntilANextSweepSucceeds() throws IOException {
        RecordingId id = recording(T0);
        clock.advance(Duration.ofDays(2));
        stuck.add(id);
        RecordingRetention retention = retention(Duration.ofDays(1));

        assertThat(retention.sweep()).isZero();
        assertThat(catalog.find(id)).as("hidden while marked").isEmpty();
        assertThat(catalog.deleting()).containsExactly(id);
        assertThat(recordings.resolve(id.value())).exists();

        stuck.clear();
        assertThat(retention.sweep()).isEqualTo(1);
        assertThat(catalog.deleting()).isEmpty();
        assertThat(recordings.resolve(id.value())).doesNotExist();
    }

    @Test
    void aZeroRetentionKeepsEverythingButStartFinishesDeletionsLeftByACrash() throws IOException {
        RecordingId kept = recording(T0);
        RecordingId halfDeleted = recording(T0);
        catalog.markDeleting(halfDeleted); // the server stopped here
        clock.advance(Duration.ofDays(3650));

        try (RecordingRetention retention = retention(Duration.ZERO)) {
            retention.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!catalog.deleting().isEmpty() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }

        assertThat(catalog.deleting()).isEmpty();
        assertThat(recordings.resolve(halfDeleted.value())).doesNotExist();
        assertThat(catalog.find(kept)).isPresent();
        assertThat(recordings.resolve(kept.value())).exists();
    }

    @Test
    void aFolderThatIsNotThereIsDeletedAlready() {
        RecordingId id = RecordingId.random();
        catalog.started(id, "s1", "alice", T0);
        catalog.failed(id, "nothing recorded");
        clock.advance(Duration.ofDays(2));

        assertThat(retention(Duration.ofDays(1)).sweep()).isEqualTo(1);
        assertThat(catalog.list(Optional.empty(), 10)).isEmpty();
    }
}
