package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECUREVOX_CALL_RECORDINGS_DIR, _RECORDING_RETENTION, _RECORD_ALL and _RECORDING_COMPOSE (bad values: the table in ConfigLoaderTest). */
class RecordingConfigTest {
    private final ConfigLoader loader = new ConfigLoader(() -> "generated-secret");

    @TempDir
    Path dir;

    private ServerConfig load(String... keysAndValues) throws ConfigException {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return loader.load(env);
    }

    @Test
    void byDefaultRecordingsGoUnderTheDataDirectoryAndAreKeptForEver() throws ConfigException {
        RecordingSettings recording = load().recording();

        assertThat(recording.directory()).isEqualTo(Path.of("./data", "recordings"));
        assertThat(recording.retention()).isEqualTo(Duration.ZERO);
        assertThat(recording.keepForever()).isTrue();
        assertThat(recording.recordAll()).isFalse();
        assertThat(recording.compose()).isFalse();
        assertThat(load().describe()).contains("recordings: ./data/recordings, kept for ever");
    }

    @Test
    void everySettingIsRead() throws ConfigException {
        ServerConfig config = load(
                ConfigKeys.RECORDINGS_DIR,
                dir.toString(),
                ConfigKeys.RECORDING_RETENTION,
                "90d",
                ConfigKeys.RECORD_ALL,
                "true",
                ConfigKeys.RECORDING_COMPOSE,
                "true");

        assertThat(config.recording()).isEqualTo(new RecordingSettings(dir, Duration.ofDays(90), true, true));
        assertThat(config.describe())
                .contains("recordings: " + dir + ", kept 90d, every SFU call recorded, composed file");
    }

    @Test
    void aFileIsNoRecordingsDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");

        assertThatThrownBy(() -> load(ConfigKeys.RECORDINGS_DIR, file.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(ConfigKeys.RECORDINGS_DIR + ": '" + file + "' is a file (expected: a directory, created if"
                        + " missing)");
    }

    @Test
    void theRecordRefusesARetentionOutOfRange() {
        assertThatThrownBy(() -> new RecordingSettings(dir, Duration.ofDays(-1), false, false))
                .hasMessage("retention: PT-24H (expected: 0 to 3650d)");
    }
}
