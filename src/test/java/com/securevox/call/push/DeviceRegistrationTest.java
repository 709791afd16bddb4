package com.securevox.call.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules of a device registration, shared by the REST route and the socket event. */
class DeviceRegistrationTest {
    static final String HEX64 = "ab".repeat(32);

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            alice | fcm       | abc:APA91b-x_y.z+/= | -               | -          | fcm
            alice | apns      | HEX64               | com.example.app | sandbox    | apns
            alice | apns_voip | HEX64               | -               | production | apns_voip
            """)
    void accepted(String user, String platform, String token, String appId, String environment, String expected) {
        DeviceRegistration r = DeviceRegistration.of(
                user, platform, token.equals("HEX64") ? HEX64.toUpperCase() : token, appId, environment);
        assertThat(r.platform().wireName()).isEqualTo(expected);
        if (r.platform().apple()) {
            assertThat(r.token()).isEqualTo(HEX64);
            assertThat(r.environment()).isPresent();
        } else {
            assertThat(r.environment()).isEmpty();
        }
        assertThat(r.appId()).isEqualTo(Optional.ofNullable(appId));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            a b   | fcm       | abc   | -       | -       | userId: 'a b' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            alice | -         | abc   | -       | -       | platform: missing (expected: "fcm", "apns" or "apns_voip")
            alice | FCM       | abc   | -       | -       | platform: "FCM" (expected: "fcm", "apns" or "apns_voip")
            alice | fcm       | -     | -       | -       | token: missing (expected: an FCM registration token: 1 to 1024 characters of [A-Za-z0-9_:.+/=-])
            alice | fcm       | ''    | -       | -       | token: "" of 0 characters (expected: an FCM registration token: 1 to 1024 characters of [A-Za-z0-9_:.+/=-])
            alice | apns      | abcd  | -       | sandbox | token: "abcd" of 4 characters (expected: an APNs device token: 64 to 200 hex digits)
            alice | apns      | HEX63 | -       | sandbox | token: "babababababa…" of 63 characters (expected: an APNs device token: 64 to 200 hex digits)
            alice | apns_voip | HEX64 | -       | -       | environment: missing (expected: "sandbox" or "production" for platform apns_voip: an APNs token belongs to one of them)
            alice | apns_voip | HEX64 | -       | dev     | environment: "dev" (expected: "sandbox" or "production")
            alice | fcm       | abc   | -       | sandbox | environment: "sandbox" (expected: none for platform fcm, which has no environments)
            alice | fcm       | abc   | a/b     | -       | appId: "a/b" (expected: 1 to 255 characters of [A-Za-z0-9._-], such as com.example.app)
            """)
    void refused(String user, String platform, String token, String appId, String environment, String message) {
        String t =
                switch (token == null ? "" : token) {
                    case "HEX64" -> HEX64;
                    case "HEX63" -> HEX64.substring(1);
                    default -> token;
                };
        assertThatThrownBy(() -> DeviceRegistration.of(user, platform, t, appId, environment))
                .isInstanceOf(InvalidDeviceException.class)
                .hasMessage(message);
    }

    @Test
    void aTokenTooLongForTheRegistryIsRefused() {
        assertThatThrownBy(() -> DeviceRegistration.of("alice", "fcm", "x".repeat(1025), null, null))
                .hasMessageStartingWith("token: \"xxxxxxxxxxxx…\" of 1025 characters");
        assertThatThrownBy(() -> DeviceRegistration.of("alice", "apns", "ab".repeat(101), null, "sandbox"))
                .hasMessageStartingWith("token: \"abababababab…\" of 202 characters");
    }
}
