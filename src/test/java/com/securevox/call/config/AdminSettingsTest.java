package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SECUREVOX_CALL_ADMIN_PASSWORD: optional, at least 16 visible ASCII characters, never shown. */
class AdminSettingsTest {
    private final ConfigLoader loader = new ConfigLoader(() -> "generated-secret");

    @Test
    void unsetOnlyTheApiKeySignsIn() throws ConfigException {
        ServerConfig config = loader.load(Map.of());
        assertThat(config.admin().password()).isEmpty();
        assertThat(config.describe()).contains("admin sign-in: API key only");
    }

    @Test
    void aPasswordIsKeptAndNeverShown() throws ConfigException {
        String password = "a-long-admin-password!";
        ServerConfig config = loader.load(Map.of(ConfigKeys.ADMIN_PASSWORD, password));
        assertThat(config.admin().password().orElseThrow().value()).isEqualTo(password);
        assertThat(config.describe())
                .contains("admin sign-in: API key or password (configured)")
                .doesNotContain(password);
        assertThat(config.admin().toString()).doesNotContain(password);
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "short | SECUREVOX_CALL_ADMIN_PASSWORD: 5 characters (expected: at least 16)",
                "fifteen-chars-x | SECUREVOX_CALL_ADMIN_PASSWORD: 15 characters (expected: at least 16)",
                "'with a space inside it' | SECUREVOX_CALL_ADMIN_PASSWORD: contains spaces, control or non-ASCII"
                        + " characters (expected: visible ASCII)",
                "'pässwörd-pässwörd-1' | SECUREVOX_CALL_ADMIN_PASSWORD: contains spaces, control or non-ASCII"
                        + " characters (expected: visible ASCII)",
            })
    void aWeakOrUntypablePasswordIsRefusedNamingTheSettingNotTheValue(String password, String problem) {
        assertThatThrownBy(() -> loader.load(Map.of(ConfigKeys.ADMIN_PASSWORD, password)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(problem)
                .hasMessageNotContaining(password);
    }

    @Test
    void theRecordValidatesItselfToo() {
        assertThatThrownBy(() -> new AdminSettings(Optional.of(new Secret("short"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("admin password: 5 characters (expected: at least 16)");
        assertThat(AdminSettings.keyOnly().password()).isEmpty();
    }
}
