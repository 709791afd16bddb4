package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SECUREVOX_CALL_TURN* settings. */
class TurnSettingsLoaderTest {
    private static final String SECRET = "turn-secret-0123456789";
    private final ConfigLoader loader = new ConfigLoader(() -> "generated-secret");

    private static Map<String, String> env(String... keysAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    private static Map<String, String> production(String... keysAndValues) {
        Map<String, String> env = env(keysAndValues);
        env.put(ConfigKeys.ENV, "production");
        env.put(ConfigKeys.JWT_SECRET, ConfigLoaderTest.JWT_SECRET);
        env.put(ConfigKeys.API_KEY, ConfigLoaderTest.API_KEY);
        return env;
    }

    private List<String> problems(Map<String, String> env) {
        try {
            loader.load(env);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void offByDefault() throws ConfigException {
        TurnSettings turn = loader.load(Map.of()).turn();

        assertThat(turn).isEqualTo(TurnSettings.off());
        assertThat(turn.describe()).isEqualTo("off");
    }

    @Test
    void urlsAndSecretMeanAnExternalCoturn() throws ConfigException {
        ServerConfig config = loader.load(production(
                ConfigKeys.TURN_URLS, "turn:turn.example.com:3478?transport=udp, turns:turn.example.com:443",
                ConfigKeys.TURN_SECRET, SECRET,
                ConfigKeys.TURN_TTL, "20m"));

        TurnSettings turn = config.turn();
        assertThat(turn.mode()).isEqualTo(TurnMode.EXTERNAL);
        assertThat(turn.urls())
                .containsExactly("turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:443");
        assertThat(turn.secret()).contains(new Secret(SECRET));
        assertThat(turn.secretGenerated()).isFalse();
        assertThat(turn.credentialTtl()).isEqualTo(Duration.ofMinutes(20));
        assertThat(turn.managed()).isEmpty();
        assertThat(config.describe()).contains("turn: external").doesNotContain(SECRET);
    }

    @Test
    void managedDefaultsServeThisMachineWithAGeneratedSecret() throws ConfigException {
        ServerConfig config = loader.load(env(ConfigKeys.TURN, "managed"));

        TurnSettings turn = config.turn();
        assertThat(turn.mode()).isEqualTo(TurnMode.MANAGED);
        assertThat(turn.urls())
                .containsExactly("turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp");
        assertThat(turn.secretGenerated()).isTrue();
        assertThat(turn.secret()).contains(new Secret("generated-secret"));
        assertThat(turn.credentialTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(turn.managed())
                .contains(new TurnSettings.Managed(3478, "127.0.0.1", Optional.empty(), 49_152, 65_535));
    }

    @Test
    void managedBehindNatAdvertisesTheExternalAddress() throws ConfigException {
        TurnSettings turn = loader.load(production(
                        ConfigKeys.TURN, "MANAGED",
                        ConfigKeys.TURN_SECRET, SECRET,
                        ConfigKeys.TURN_PORT, "3479",
                        ConfigKeys.TURN_RELAY_IP, "10.0.0.5",
                        ConfigKeys.TURN_EXTERNAL_IP, "2001:db8::5",
                        ConfigKeys.TURN_RELAY_PORTS, "50000-50999"))
                .turn();

        assertThat(turn.urls())
                .containsExactly(
                        "turn:[2001:db8:0:0:0:0:0:5]:3479?transport=udp",
                        "turn:[2001:db8:0:0:0:0:0:5]:3479?transport=tcp");
        assertThat(turn.managed())
                .contains(new TurnSettings.Managed(
                        3479, "10.0.0.5", Optional.of("2001:db8:0:0:0:0:0:5"), 50_000, 50_999));
        assertThat(turn.secretGenerated()).isFalse();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            SECUREVOX_CALL_TURN             | on               | SECUREVOX_CALL_TURN: 'on' (expected: off, external or managed)
            SECUREVOX_CALL_TURN             | external         | SECUREVOX_CALL_TURN_URLS: missing (expected: turn: or turns: URLs such as turn:turn.example.com:3478, required with SECUREVOX_CALL_TURN=external)
            SECUREVOX_CALL_TURN_URLS        | turn:t.example.com | SECUREVOX_CALL_TURN_SECRET: missing (expected: coturn's static-auth-secret, required with SECUREVOX_CALL_TURN_URLS)
            SECUREVOX_CALL_TURN_URLS        | http://t.example.com | SECUREVOX_CALL_TURN_URLS: 'http://t.example.com' (expected: turn:, turns: or stun: URLs such as turn:turn.example.com:3478?transport=udp)
            SECUREVOX_CALL_TURN_URLS        | stun:t.example.com | SECUREVOX_CALL_TURN_URLS: 'stun:t.example.com' (expected: at least one turn: or turns: URL)
            SECUREVOX_CALL_TURN_URLS        | turn:t.example.com?transport=sctp | SECUREVOX_CALL_TURN_URLS: 'turn:t.example.com?transport=sctp' (expected: turn:, turns: or stun: URLs such as turn:turn.example.com:3478?transport=udp)
            SECUREVOX_CALL_TURN_TTL         | 0s               | SECUREVOX_CALL_TURN_TTL: '0s' (expected: a duration of at least 1s)
            """)
    void rejectsInvalidValue(String key, String value, String expectedProblem) {
        assertThat(problems(env(key, value))).contains(expectedProblem);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            SECUREVOX_CALL_TURN_PORT        | 0                | SECUREVOX_CALL_TURN_PORT: '0' (expected: an integer from 1 to 65535)
            SECUREVOX_CALL_TURN_RELAY_IP    | turn.example.com | SECUREVOX_CALL_TURN_RELAY_IP: 'turn.example.com' (expected: one IPv4 or IPv6 address of this machine, not a name or a wildcard)
            SECUREVOX_CALL_TURN_RELAY_IP    | 0.0.0.0          | SECUREVOX_CALL_TURN_RELAY_IP: '0.0.0.0' (expected: one IPv4 or IPv6 address of this machine, not a name or a wildcard)
            SECUREVOX_CALL_TURN_EXTERNAL_IP | 300.1.1.1        | SECUREVOX_CALL_TURN_EXTERNAL_IP: '300.1.1.1' (expected: one IPv4 or IPv6 address of this machine, not a name or a wildcard)
            SECUREVOX_CALL_TURN_RELAY_PORTS | 60000-50000      | SECUREVOX_CALL_TURN_RELAY_PORTS: '60000-50000' (expected: low-high within 1024 to 65535, such as 49152-65535)
            SECUREVOX_CALL_TURN_RELAY_PORTS | 80-90            | SECUREVOX_CALL_TURN_RELAY_PORTS: '80-90' (expected: low-high within 1024 to 65535, such as 49152-65535)
            SECUREVOX_CALL_TURN_SECRET      | "two words"      | SECUREVOX_CALL_TURN_SECRET: contains spaces, control or non-ASCII characters (expected: visible ASCII)
            """)
    void rejectsInvalidManagedValue(String key, String value, String expectedProblem) {
        assertThat(problems(env(ConfigKeys.TURN, "managed", key, value))).containsExactly(expectedProblem);
    }

    @Test
    void aShortSecretIsRefusedInProductionAndAWarningInDevelopment() throws ConfigException {
        assertThat(problems(production(ConfigKeys.TURN_URLS, "turn:t.example.com", ConfigKeys.TURN_SECRET, "short")))
                .containsExactly("SECUREVOX_CALL_TURN_SECRET: 5 characters (expected: at least 16 in production)");
        assertThat(loader.load(env(ConfigKeys.TURN_URLS, "turn:t.example.com", ConfigKeys.TURN_SECRET, "short"))
                        .warnings())
                .contains("SECUREVOX_CALL_TURN_SECRET: 5 characters (at least 16 are required in production)");
    }

    @Test
    void managedOnlySettingsWithoutManagedModeAreReportedAsIgnored() throws ConfigException {
        ServerConfig config = loader.load(env(ConfigKeys.TURN_PORT, "3479", ConfigKeys.TURN_SECRET, SECRET));

        assertThat(config.turn().mode()).isEqualTo(TurnMode.OFF);
        assertThat(config.warnings())
                .contains(
                        "SECUREVOX_CALL_TURN_PORT: ignored (only used with SECUREVOX_CALL_TURN=managed)",
                        "SECUREVOX_CALL_TURN_SECRET: ignored (TURN is off: set SECUREVOX_CALL_TURN_URLS or"
                                + " SECUREVOX_CALL_TURN=managed)");
    }
}
