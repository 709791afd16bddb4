package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which files TLS is served from; whether they hold a usable key is the transport's test (TlsMaterialTest). */
class TlsSettingsTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(() -> "generated-secret");

    @BeforeEach
    void files() throws IOException {
        for (String name : new String[] {"cert.pem", "key.pem", "server.p12"}) {
            Files.writeString(dir.resolve(name), "contents are the transport's to check");
        }
        Files.createDirectory(dir.resolve("a-directory"));
    }

    /** Production without a proxy flag unless given, paths under the test's directory as {@code $DIR}. */
    private Map<String, String> production(String... keysAndValues) {
        String[] resolved = new String[keysAndValues.length];
        for (int i = 0; i < keysAndValues.length; i++) {
            resolved[i] = keysAndValues[i].replace("$DIR", dir.toString());
        }
        Map<String, String> env = new HashMap<>(ConfigLoaderTest.production(resolved));
        if (!List.of(keysAndValues).contains(ConfigKeys.BEHIND_PROXY)) {
            env.remove(ConfigKeys.BEHIND_PROXY);
        }
        return env;
    }

    @Test
    void pemCertificateAndKey() throws ConfigException {
        ServerConfig config = loader.load(production(
                ConfigKeys.TLS_CERT, "$DIR/cert.pem",
                ConfigKeys.TLS_KEY, "$DIR/key.pem",
                ConfigKeys.TLS_RELOAD_INTERVAL, "5m"));

        assertThat(config.tls())
                .hasValue(new TlsConfig(
                        dir.resolve("cert.pem"),
                        Optional.of(dir.resolve("key.pem")),
                        Optional.empty(),
                        Duration.ofMinutes(5)));
        assertThat(config.warnings()).isEmpty();
        assertThat(config.describe().lines()).contains("tls: on (" + dir.resolve("cert.pem") + ", checked every 5m)");
    }

    @Test
    void pkcs12KeystoreWithItsPassword() throws ConfigException {
        ServerConfig config = loader.load(
                production(ConfigKeys.TLS_CERT, "$DIR/server.p12", ConfigKeys.TLS_PASSWORD, "  keystore secret "));

        assertThat(config.tls()).hasValueSatisfying(tls -> {
            assertThat(tls.privateKey()).isEmpty();
            assertThat(tls.password()).hasValue(new Secret("  keystore secret "));
            assertThat(tls.reloadInterval()).isEqualTo(TlsSettings.DEFAULT_RELOAD_INTERVAL);
        });
        assertThat(config.toString()).doesNotContain("keystore secret");
    }

    @Test
    void plainHttpInProductionIsWarnedAboutUnlessAProxyTerminatesTls() throws ConfigException {
        assertThat(loader.load(production()).warnings())
                .singleElement()
                .asString()
                .startsWith("serving plain HTTP and WS in production")
                .contains("SECUREVOX_CALL_TLS_CERT", "SECUREVOX_CALL_BEHIND_PROXY=true");
        assertThat(loader.load(production(ConfigKeys.BEHIND_PROXY, "true")).warnings())
                .isEmpty();
        assertThat(loader.load(Map.of()).warnings()).as("development").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            key without certificate   | SECUREVOX_CALL_TLS_KEY   | $DIR/key.pem     |                              |              | SECUREVOX_CALL_TLS_KEY: set without SECUREVOX_CALL_TLS_CERT (expected: both, or SECUREVOX_CALL_TLS_CERT naming a PKCS#12 keystore)
            PEM certificate alone     | SECUREVOX_CALL_TLS_CERT  | $DIR/cert.pem    |                              |              | SECUREVOX_CALL_TLS_KEY: missing (expected: the PEM private key of '$DIR/cert.pem'; or name a .p12/.pfx keystore in SECUREVOX_CALL_TLS_CERT)
            keystore with a key       | SECUREVOX_CALL_TLS_CERT  | $DIR/server.p12  | SECUREVOX_CALL_TLS_KEY       | $DIR/key.pem | SECUREVOX_CALL_TLS_KEY: set with the PKCS#12 keystore '$DIR/server.p12' (expected: unset, the keystore holds the key)
            missing certificate       | SECUREVOX_CALL_TLS_CERT  | $DIR/nope.pem    | SECUREVOX_CALL_TLS_KEY       | $DIR/key.pem | SECUREVOX_CALL_TLS_CERT: '$DIR/nope.pem' does not exist or is not a file
            directory as key          | SECUREVOX_CALL_TLS_CERT  | $DIR/cert.pem    | SECUREVOX_CALL_TLS_KEY       | $DIR/a-directory | SECUREVOX_CALL_TLS_KEY: '$DIR/a-directory' does not exist or is not a file
            reload interval too short | SECUREVOX_CALL_TLS_CERT  | $DIR/server.p12  | SECUREVOX_CALL_TLS_RELOAD_INTERVAL | 100ms  | SECUREVOX_CALL_TLS_RELOAD_INTERVAL: '100ms' (expected: a duration of at least 1s)
            proxy flag not a flag     | SECUREVOX_CALL_BEHIND_PROXY | yes           |                              |              | SECUREVOX_CALL_BEHIND_PROXY: 'yes' (expected: 1 or 0, true or false)
            """)
    void refusesNamingTheSettingAndTheFile(
            String what, String key1, String value1, String key2, String value2, String problem) {
        Map<String, String> env = key2 == null ? production(key1, value1) : production(key1, value1, key2, value2);

        assertThatThrownBy(() -> loader.load(env))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .containsExactly(problem.replace("$DIR", dir.toString())));
    }
}
