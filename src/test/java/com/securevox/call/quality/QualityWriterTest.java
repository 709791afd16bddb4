package com.securevox.call.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class QualityWriterTest {
    /** Keeps the batches it is given and when the first came. */
    private static final class Kept implements Batches<String> {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final AtomicLong firstAppend = new AtomicLong();

        @Override
        public void append(List<String> rows) {
            firstAppend.compareAndSet(0, System.nanoTime());
            batches.add(new ArrayList<>(rows));
        }

        @Override
        public int purge(Instant before) {
            return 0;
        }
    }

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void rowsGatherForTheLingerBeforeTheyAreWritten() {
        Kept store = new Kept();
        try (QualityWriter<String> writer =
                new QualityWriter<>(store, "test rows", CLOCK, Duration.ofDays(1), 100, () -> {})) {
            writer.start();
            long offered = System.nanoTime();
            writer.offer("a");
            writer.offer("b");

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.batches.stream().mapToInt(List::size).sum() < 2 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(5_000_000);
            }
            assertThat(store.batches.stream().flatMap(List::stream)).containsExactly("a", "b");
            assertThat(Duration.ofNanos(store.firstAppend.get() - offered))
                    .as("the first write waited for more rows")
                    .isGreaterThanOrEqualTo(QualityWriter.LINGER);
        }
    }

    @Test
    void closeWritesWhatIsQueued() {
        Kept store = new Kept();
        QualityWriter<String> writer =
                new QualityWriter<>(store, "test rows", CLOCK, Duration.ofDays(1), 100, () -> {});
        writer.offer("a");
        writer.start();
        writer.close();

        assertThat(store.batches.stream().flatMap(List::stream)).containsExactly("a");
    }
}
