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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SECUREVOX_CALL_RECORDINGS_DIR, _RECORDING_RETENTION, _RECORD_ALL, _RECORDING_COMPOSE and _RECORDING_MIN_FREE (bad
 * values: the table in ConfigLoaderTest, and below for the minimum free space).
 */
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
        assertThat(recording.minFree()).isEqualTo(1L << 30);
        assertThat(load().describe()).contains("recordings: ./data/recordings, kept for ever, at least 1GB kept free");
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

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource(delimiter = '|', textBlock = """
            2GB    | 2147483648 | at least 2GB kept free
            500MB  | 524288000  | at least 500MB kept free
            1536mb | 1610612736 | at least 1536MB kept free
            0      | 0          | free space not checked
            """)
    void theMinimumFreeSpaceIsASize(String value, long bytes, String described) throws ConfigException {
        ServerConfig config = load(ConfigKeys.RECORDING_MIN_FREE, value);

        assertThat(config.recording().minFree()).isEqualTo(bytes);
        assertThat(config.describe()).contains(described);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2 GB", "1.5GB", "-1GB", "1G", "2GiB", "lots", "1025TB", "10"})
    void aMinimumFreeSpaceThatIsNoSizeStopsTheServerNamingTheKeyTheValueAndWhatIsExpected(String value) {
        assertThatThrownBy(() -> load(ConfigKeys.RECORDING_MIN_FREE, value))
                .isInstanceOf(ConfigException.class)
                .hasMessage(ConfigKeys.RECORDING_MIN_FREE + ": '" + value + "' (expected: a size such as 500MB, 2GB or"
                        + " 1TB (units of 1024), at most 1024TB, or 0 for no check)");
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
