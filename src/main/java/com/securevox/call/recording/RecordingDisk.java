package com.securevox.call.recording;

import com.securevox.call.media.RecordingRoom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free space of the file system holding the recordings, against the minimum they must leave free: the SFU writes
 * raw files there and cuts them short without a word when it fills, so recordings are refused, and stopped, below it.
 * Reads the real file system each time (one {@code statvfs}); thread-safe.
 */
public final class RecordingDisk implements RecordingRoom {
    private static final Logger log = LoggerFactory.getLogger(RecordingDisk.class);
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    private final Path folder;
    private final long minFree;
    private final AtomicBoolean unreadableTold = new AtomicBoolean();

    /**
     * @param folder the recordings' folder (it, or its nearest existing parent, names the file system)
     * @param minFree the bytes to keep free; 0: never short
     */
    public RecordingDisk(Path folder, long minFree) {
        this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
        if (minFree < 0) {
            throw new IllegalArgumentException("minFree: " + minFree + " (expected: 0 or more bytes)");
        }
        this.minFree = minFree;
    }

    /** Whether the free space is checked at all. */
    public boolean checked() {
        return minFree > 0;
    }

    @Override
    public Optional<String> shortage() {
        if (minFree == 0) {
            return Optional.empty();
        }
        OptionalLong free = usable();
        if (free.isEmpty() || free.getAsLong() >= minFree) {
            return Optional.empty();
        }
        return Optional.of("the disk holding " + folder + " has " + format(free.getAsLong()) + " free (expected: at"
                + " least " + format(minFree) + ")");
    }

    /** The bytes this process may still write on the recordings' file system; empty when it cannot be read. */
    OptionalLong usable() {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Files.getFileStore(existing).getUsableSpace());
        } catch (IOException | SecurityException e) {
            // Recording is not refused for a file system that cannot tell: it was not refused before there was a check.
            // Said once as a warning: the watch asks every few seconds.
            if (unreadableTold.compareAndSet(false, true)) {
                log.warn("recording: the free space of {} cannot be read: {}", existing, e.toString());
            } else {
                log.debug("recording: the free space of {} cannot be read: {}", existing, e.toString());
            }
            return OptionalLong.empty();
        }
    }

    /** {@code 180 MB}, {@code 1 GB}, {@code 1.5 GB}: one decimal at most, units of 1024. */
    static String format(long bytes) {
        int unit = 0;
        double amount = bytes;
        while (amount >= 1024 && unit < UNITS.length - 1) {
            amount /= 1024;
            unit++;
        }
        double tenths = Math.floor(amount * 10) / 10;
        return (tenths == Math.rint(tenths)
                        ? String.valueOf((long) tenths)
                        : String.format(Locale.ROOT, "%.1f", tenths))
                + " " + UNITS[unit];
    }
}
