package com.securevox.call.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Reads the {@code SECUREVOX_CALL_RECORD*} settings into {@link RecordingSettings}, recording problems like the loader. */
final class RecordingSettingsReader {
    static final String DIRECTORY = "recordings";

    private RecordingSettingsReader() {}

    /** @param dataDir the data directory as configured (or its default), under which recordings go by default */
    static RecordingSettings read(Settings s, String dataDir) {
        Path fallback = Path.of(dataDir).resolve(DIRECTORY);
        Path directory = directory(s).orElse(fallback);
        // A bare 0 (no unit) is how operators say "never delete"; any other value needs its unit.
        Duration retention = s.text(ConfigKeys.RECORDING_RETENTION)
                        .filter("0"::equals)
                        .isPresent()
                ? Duration.ZERO
                : s.duration(
                        ConfigKeys.RECORDING_RETENTION, Duration.ZERO, Duration.ZERO, RecordingSettings.MAX_RETENTION);
        boolean recordAll = s.flag(ConfigKeys.RECORD_ALL, false);
        boolean compose = s.flag(ConfigKeys.RECORDING_COMPOSE, false);
        long minFree = s.size(ConfigKeys.RECORDING_MIN_FREE, RecordingSettings.DEFAULT_MIN_FREE);
        return new RecordingSettings(
                directory,
                retention,
                recordAll,
                compose,
                minFree,
                s.text("PATH").orElse(""));
    }

    private static Optional<Path> directory(Settings s) {
        Optional<String> value = s.text(ConfigKeys.RECORDINGS_DIR);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(value.get());
            if (Files.exists(path) && !Files.isDirectory(path)) {
                s.problem(ConfigKeys.RECORDINGS_DIR + ": " + Settings.shown(value.get())
                        + " is a file (expected: a directory, created if missing)");
                return Optional.empty();
            }
            return Optional.of(path);
        } catch (InvalidPathException e) {
            s.problem(ConfigKeys.RECORDINGS_DIR + ": " + Settings.shown(value.get()) + " (expected: a directory path)");
            return Optional.empty();
        }
    }
}
