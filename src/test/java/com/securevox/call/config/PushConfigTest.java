package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.push.ApnsSettings;
import com.securevox.call.push.FcmSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SECUREVOX_CALL_FCM_* and SECUREVOX_CALL_APNS_*. */
class PushConfigTest {
    private final ConfigLoader loader = new ConfigLoader(() -> "generated-secret");

    @TempDir
    Path dir;

    private Path json;
    private Path p8;

    @BeforeEach
    void files() throws IOException {
        json = Files.writeString(dir.resolve("service-account.json"), "{}");
        p8 = Files.writeString(dir.resolve("AuthKey_ABC1234567.p8"), "-----BEGIN PRIVATE KEY-----");
    }

    private ServerConfig load(String... keysAndValues) throws ConfigException {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return loader.load(env);
    }

    /** A complete APNs setup, and more settings. */
    private String[] apns(String... more) {
        List<String> all = new ArrayList<>(List.of(
                ConfigKeys.APNS_KEY,
                p8.toString(),
                ConfigKeys.APNS_KEY_ID,
                "ABC1234567",
                ConfigKeys.APNS_TEAM_ID,
                "TEAM123456",
                ConfigKeys.APNS_TOPIC,
                "com.example.app"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void offByDefault() throws ConfigException {
        assertThat(load().push()).isEqualTo(PushConfig.OFF);
        assertThat(load().describe()).contains("push: off (devices can register; nobody is pushed)");
    }

    @Test
    void fcmWithGooglesUrlUnlessTold() throws ConfigException {
        assertThat(load(ConfigKeys.FCM_CREDENTIALS, json.toString()).push().fcm())
                .contains(new FcmSettings(json, URI.create("https://fcm.googleapis.com")));
        assertThat(load(ConfigKeys.FCM_CREDENTIALS, json.toString(), ConfigKeys.FCM_URL, "https://127.0.0.1:9099")
                        .push()
                        .fcm()
                        .orElseThrow()
                        .base())
                .isEqualTo(URI.create("https://127.0.0.1:9099"));
    }

    @Test
    void fcmTrustsExtraCertificatesOnlyWhenTold() throws ConfigException, IOException {
        assertThat(load(ConfigKeys.FCM_CREDENTIALS, json.toString())
                        .push()
                        .fcm()
                        .orElseThrow()
                        .extraCertificates())
                .isEmpty();
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----");
        ServerConfig config = load(
                ConfigKeys.FCM_CREDENTIALS,
                json.toString(),
                ConfigKeys.FCM_URL,
                "https://127.0.0.1:9099",
                ConfigKeys.FCM_CA,
                ca.toString());
        assertThat(config.push().fcm())
                .contains(new FcmSettings(json, URI.create("https://127.0.0.1:9099"), Optional.of(ca)));
        assertThat(config.describe())
                .contains("push: fcm (" + json + ", https://127.0.0.1:9099, also trusting " + ca + ")");
    }

    @Test
    void apnsWithAppleHostsUnlessAStandInIsNamed() throws ConfigException {
        ServerConfig config = load(apns());
        assertThat(config.push().apns())
                .contains(new ApnsSettings(
                        p8, "ABC1234567", "TEAM123456", "com.example.app", Optional.empty(), Optional.empty()));
        assertThat(config.describe()).contains("push: apns (topic com.example.app, key id ABC1234567)");

        ApnsSettings standIn = load(apns(ConfigKeys.APNS_HOST, "localhost:2197", ConfigKeys.APNS_CA, json.toString()))
                .push()
                .apns()
                .orElseThrow();
        assertThat(standIn.server()).contains(new ApnsSettings.Server("localhost", 2197));
        assertThat(standIn.trustedCertificates()).contains(json);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            KEY       | ABC1234567 | TEAM123456 | com.example.app | -              | SECUREVOX_CALL_APNS_KEY: 'KEY' does not exist or is not a file
            P8        | -          | TEAM123456 | com.example.app | -              | SECUREVOX_CALL_APNS_KEY_ID: missing (required with the other SECUREVOX_CALL_APNS_* settings: the key's 10-character id)
            -         | ABC1234567 | -          | -               | -              | SECUREVOX_CALL_APNS_KEY: missing (required with the other SECUREVOX_CALL_APNS_* settings: the .p8 signing key file)
            P8        | abc        | TEAM123456 | com.example.app | -              | SECUREVOX_CALL_APNS_KEY_ID: 'abc' (expected: 10 characters of [A-Z0-9], as Apple shows it)
            P8        | ABC1234567 | team       | com.example.app | -              | SECUREVOX_CALL_APNS_TEAM_ID: 'team' (expected: 10 characters of [A-Z0-9], as Apple shows it)
            P8        | ABC1234567 | TEAM123456 | app             | -              | SECUREVOX_CALL_APNS_TOPIC: 'app' (expected: the app's bundle id, such as com.example.app)
            P8        | ABC1234567 | TEAM123456 | com.example.app | localhost      | SECUREVOX_CALL_APNS_HOST: 'localhost' (expected: host:port of an APNs stand-in, such as localhost:2197)
            P8        | ABC1234567 | TEAM123456 | com.example.app | localhost:0    | SECUREVOX_CALL_APNS_HOST: 'localhost:0' (expected: host:port of an APNs stand-in, such as localhost:2197)
            """)
    void apnsRefused(String key, String keyId, String teamId, String topic, String host, String problem) {
        Map<String, String> env = new HashMap<>();
        if (key != null) {
            env.put(ConfigKeys.APNS_KEY, key.equals("P8") ? p8.toString() : key);
        }
        put(env, ConfigKeys.APNS_KEY_ID, keyId);
        put(env, ConfigKeys.APNS_TEAM_ID, teamId);
        put(env, ConfigKeys.APNS_TOPIC, topic);
        put(env, ConfigKeys.APNS_HOST, host);
        assertThatThrownBy(() -> loader.load(env))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.problems()).contains(problem));
    }

    @Test
    void fcmRefused() {
        assertThatThrownBy(() -> load(
                        ConfigKeys.FCM_CREDENTIALS, dir.resolve("none.json").toString()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("SECUREVOX_CALL_FCM_CREDENTIALS: '" + dir.resolve("none.json")
                                + "' does not exist or is not a file"));
        assertThatThrownBy(() -> load(ConfigKeys.FCM_CREDENTIALS, json.toString(), ConfigKeys.FCM_URL, "ftp://x"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("SECUREVOX_CALL_FCM_URL: 'ftp://x' (expected: an http or https URL such as"
                                + " https://fcm.googleapis.com)"));
        assertThatThrownBy(() ->
                        load(ConfigKeys.FCM_CREDENTIALS, json.toString(), ConfigKeys.FCM_URL, "http://127.0.0.1:9099"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("SECUREVOX_CALL_FCM_URL: 'http://127.0.0.1:9099' (expected: an https URL such"
                                + " as https://fcm.googleapis.com; for a local stand-in, trust its CA with"
                                + " SECUREVOX_CALL_FCM_CA)"));
        assertThatThrownBy(() -> load(
                        ConfigKeys.FCM_CREDENTIALS,
                        json.toString(),
                        ConfigKeys.FCM_CA,
                        dir.resolve("none.pem").toString()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("SECUREVOX_CALL_FCM_CA: '" + dir.resolve("none.pem")
                                + "' does not exist or is not a file"));
    }

    @Test
    void standInSettingsWithoutTheirProviderAreWarnedAbout() throws ConfigException {
        assertThat(load(
                                ConfigKeys.FCM_URL,
                                "http://127.0.0.1:1",
                                ConfigKeys.FCM_CA,
                                json.toString(),
                                ConfigKeys.APNS_HOST,
                                "localhost:1")
                        .warnings())
                .contains(
                        "SECUREVOX_CALL_FCM_URL: set without SECUREVOX_CALL_FCM_CREDENTIALS, ignored (FCM is off)",
                        "SECUREVOX_CALL_FCM_CA: set without SECUREVOX_CALL_FCM_CREDENTIALS, ignored (FCM is off)",
                        "SECUREVOX_CALL_APNS_HOST: set without SECUREVOX_CALL_APNS_KEY, ignored (APNs is off)");
    }

    private static void put(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(key, value);
        }
    }
}
