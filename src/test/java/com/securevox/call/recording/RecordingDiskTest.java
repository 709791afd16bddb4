package com.securevox.call.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The recordings' disk against the minimum free space, on a real folder: the free space is what its real file system
 * says, and the minimum is chosen around it (far below: room; far above: short).
 */
class RecordingDiskTest {
    @TempDir
    Path dir;

    private long free() throws Exception {
        return Files.getFileStore(dir).getUsableSpace();
    }

    @Test
    void aDiskWithMoreThanTheMinimumFreeHasRoom() throws Exception {
        RecordingDisk disk = new RecordingDisk(dir, free() / 2);

        assertThat(disk.checked()).isTrue();
        assertThat(disk.shortage()).isEmpty();
    }

    @Test
    void aDiskWithLessThanTheMinimumFreeIsShortNamingTheFolderTheFreeSpaceAndTheMinimum() throws Exception {
        long min = free() + (1L << 40); // a terabyte more than there is

        Optional<String> shortage = new RecordingDisk(dir, min).shortage();

        assertThat(shortage).hasValueSatisfying(why -> assertThat(why)
                .startsWith("the disk holding " + dir.toAbsolutePath() + " has ")
                .matches(".* has [0-9.]+ [KMGTP]?B free \\(expected: at least "
                        + RecordingDisk.format(min).replace(".", "\\.") + "\\)"));
    }

    @Test
    void aMinimumOfZeroIsNeverShortAndNotChecked() {
        RecordingDisk disk = new RecordingDisk(dir.resolve("not/there/yet"), 0);

        assertThat(disk.checked()).isFalse();
        assertThat(disk.shortage()).isEmpty();
    }

    @Test
    void aFolderNotMadeYetIsJudgedByItsNearestExistingParent() throws Exception {
        Path later = dir.resolve("recordings/.spool");

        assertThat(new RecordingDisk(later, free() + (1L << 40)).shortage())
                .hasValueSatisfying(why -> assertThat(why).startsWith("the disk holding " + later + " has "));
        assertThat(new RecordingDisk(later, 1).shortage()).isEmpty();
    }

    @Test
    void aNegativeMinimumIsABug() {
        assertThatThrownBy(() -> new RecordingDisk(dir, -1)).hasMessage("minFree: -1 (expected: 0 or more bytes)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0             | 0 B
            1023          | 1023 B
            1024          | 1 KB
            188743680     | 180 MB
            1073741824    | 1 GB
            1610612736    | 1.5 GB
            1073741823    | 1023.9 MB
            1099511627776 | 1 TB
            """)
    void formatsSizesForPeopleRoundingDown(long bytes, String expected) {
        assertThat(RecordingDisk.format(bytes)).isEqualTo(expected);
    }

    // ---- the watch ----

    @Test
    void theWatchStopsEveryRecordingWithTheReasonAtEachCheckWhileTheDiskIsShort() throws Exception {
        List<String> stops = new ArrayList<>();
        long min = free() + (1L << 40);
        try (DiskWatch watch =
                new DiskWatch(new RecordingDisk(dir, min), Duration.ofSeconds(2), Clock.systemUTC(), stops::add)) {
            Optional<String> first = watch.check();
            Optional<String> second = watch.check();

            assertThat(stops).hasSize(2).allSatisfy(lost -> assertThat(lost)
                    .startsWith("the disk holding " + dir.toAbsolutePath() + " has ")
                    .endsWith(" free (expected: at least " + RecordingDisk.format(min) + "): recording stopped"));
            assertThat(first).hasValue(stops.get(0));
            assertThat(second).hasValue(stops.get(1));
        }
    }

    @Test
    void theWatchLeavesRecordingsAloneWhileTheDiskHasRoom() throws Exception {
        List<String> stops = new ArrayList<>();
        try (DiskWatch watch = new DiskWatch(
                new RecordingDisk(dir, free() / 2), Duration.ofSeconds(2), Clock.systemUTC(), stops::add)) {
            assertThat(watch.check()).isEmpty();
            assertThat(stops).isEmpty();
        }
    }
}
