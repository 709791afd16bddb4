package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.Http.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The device routes of the packaged jar ({@code /api/users/{userId}/devices}), with no push provider configured (so
 * devices register but nobody is pushed), their refusals, and the push settings' checks at start.
 */
class DevicesIT {
    static final String BEARER = "Bearer " + ServerProcess.API_KEY;
    static final String VOIP = "0a1b".repeat(16);
    static final String FCM = "dGVzdA:APA91bH" + "x".repeat(120) + "tail42";

    static ServerProcess server;

    @BeforeAll
    static void start() {
        server = ServerProcess.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String url(String path) {
        return server.url() + path;
    }

    static Response register(String user, String body) {
        return Http.post(url("/api/users/" + user + "/devices"), body, "Authorization", BEARER);
    }

    @Test
    void withoutAProviderTheBannerSaysPushIsOffAndDevicesStillRegister() {
        assertThat(server.output()).contains("Push: off (devices can register; nobody is pushed)");
        Response created = register(
                "dana",
                new JSONObject().put("platform", "fcm").put("token", FCM).toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @Test
    void aDeviceIsRegisteredListedAndRemovedAndItsTokenNeverShownWhole() {
        Response created = register(
                "alice",
                new JSONObject()
                        .put("platform", "apns_voip")
                        .put("token", VOIP.toUpperCase())
                        .put("appId", "com.example.app")
                        .put("environment", "sandbox")
                        .toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JSONObject device = created.json();
        assertThat(device.keySet())
                .containsExactlyInAnyOrder(
                        "id", "userId", "platform", "appId", "environment", "registeredAt", "tokenSuffix");
        assertThat(device.getString("id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(device.getString("userId")).isEqualTo("alice");
        assertThat(device.getString("platform")).isEqualTo("apns_voip");
        assertThat(device.getString("appId")).isEqualTo("com.example.app");
        assertThat(device.getString("environment")).isEqualTo("sandbox");
        assertThat(device.getLong("registeredAt")).isPositive();
        assertThat(device.getString("tokenSuffix")).isEqualTo(VOIP.substring(VOIP.length() - 6));
        assertThat(created.body()).doesNotContain(VOIP).doesNotContainIgnoringCase(VOIP);

        Response fcm = register(
                "alice",
                new JSONObject().put("platform", "fcm").put("token", FCM).toString());
        assertThat(fcm.status()).isEqualTo(201);
        assertThat(fcm.json().isNull("environment")).isTrue();
        assertThat(fcm.json().isNull("appId")).isTrue();
        assertThat(fcm.body()).doesNotContain(FCM);

        Response list = Http.get(url("/api/users/alice/devices"), "Authorization", BEARER);
        assertThat(list.status()).isEqualTo(200);
        JSONArray devices = list.json().getJSONArray("devices");
        assertThat(devices.length()).isEqualTo(2);
        assertThat(devices.getJSONObject(0).getString("id")).isEqualTo(device.getString("id"));
        assertThat(list.body()).doesNotContain(FCM).doesNotContainIgnoringCase(VOIP);

        String id = device.getString("id");
        Response removed = Http.request("DELETE", url("/api/users/alice/devices/" + id), null, "Authorization", BEARER);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        assertThat(removed.body()).isEmpty();
        Response again = Http.request("DELETE", url("/api/users/alice/devices/" + id), null, "Authorization", BEARER);
        HttpApiIT.assertError(again, 404, "NOT_FOUND");
        assertThat(Http.get(url("/api/users/alice/devices"), "Authorization", BEARER)
                        .json()
                        .getJSONArray("devices")
                        .length())
                .isEqualTo(1);
    }

    @Test
    void theSameTokenRegisteredByAnotherUserMovesToThem() {
        String token = "1f2e".repeat(16);
        String body = new JSONObject()
                .put("platform", "apns")
                .put("token", token)
                .put("environment", "production")
                .toString();
        String first = register("erin", body).json().getString("id");
        Response moved = register("frank", body);

        assertThat(moved.status()).isEqualTo(201);
        assertThat(moved.json().getString("id")).isNotEqualTo(first);
        assertThat(Http.get(url("/api/users/erin/devices"), "Authorization", BEARER)
                        .json()
                        .getJSONArray("devices")
                        .length())
                .isZero();
        // erin's old id names nothing: her backend cannot remove frank's phone with it.
        HttpApiIT.assertError(
                Http.request("DELETE", url("/api/users/erin/devices/" + first), null, "Authorization", BEARER),
                404,
                "NOT_FOUND");
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"token\":\"abc\"}", "platform: missing (expected: \"fcm\", \"apns\" or \"apns_voip\")"),
                Arguments.of(
                        "{\"platform\":\"gcm\",\"token\":\"abc\"}",
                        "platform: \"gcm\" (expected: \"fcm\", \"apns\" or \"apns_voip\")"),
                Arguments.of("{\"platform\":7,\"token\":\"abc\"}", "platform: number (expected: a string)"),
                Arguments.of(
                        "{\"platform\":\"fcm\"}",
                        "token: missing (expected: an FCM registration token: 1 to 1024 characters of"
                                + " [A-Za-z0-9_:.+/=-])"),
                Arguments.of(
                        "{\"platform\":\"fcm\",\"token\":\"has space\"}",
                        "token: \"has space\" of 9 characters (expected: an FCM registration token: 1 to 1024"
                                + " characters of [A-Za-z0-9_:.+/=-])"),
                Arguments.of(
                        "{\"platform\":\"apns_voip\",\"token\":\"xyz\",\"environment\":\"sandbox\"}",
                        "token: \"xyz\" of 3 characters (expected: an APNs device token: 64 to 200 hex digits)"),
                Arguments.of(
                        "{\"platform\":\"apns_voip\",\"token\":\"" + VOIP + "\"}",
                        "environment: missing (expected: \"sandbox\" or \"production\" for platform apns_voip: an"
                                + " APNs token belongs to one of them)"),
                Arguments.of(
                        "{\"platform\":\"apns\",\"token\":\"" + VOIP + "\",\"environment\":\"debug\"}",
                        "environment: \"debug\" (expected: \"sandbox\" or \"production\")"),
                Arguments.of(
                        "{\"platform\":\"fcm\",\"token\":\"abc\",\"environment\":\"production\"}",
                        "environment: \"production\" (expected: none for platform fcm, which has no environments)"),
                Arguments.of(
                        "{\"platform\":\"fcm\",\"token\":\"abc\",\"appId\":\"com example\"}",
                        "appId: \"com example\" (expected: 1 to 255 characters of [A-Za-z0-9._-], such as"
                                + " com.example.app)"),
                Arguments.of(
                        "{\"platform\":\"fcm\",\"platform\":\"apns\",\"token\":\"abc\"}",
                        "body: duplicate key 'platform' (expected: each key once)"),
                Arguments.of(
                        "{\"platform\":\"fcm\",\"token\":\"abc\"} {}",
                        "body: unexpected content after the JSON object (expected: one JSON object)"),
                Arguments.of(
                        "not json",
                        "body: not valid JSON (expected: a JSON object like {\"platform\", \"token\", \"appId\","
                                + " \"environment\"})"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void aBadBodyIsRefusedNamingTheFieldTheValueAndTheExpectation(String body, String message) {
        Response response = register("grace", body);
        assertThat(HttpApiIT.assertError(response, 400, "INVALID_PAYLOAD")).isEqualTo(message);
        assertThat(Http.get(url("/api/users/grace/devices"), "Authorization", BEARER)
                        .json()
                        .getJSONArray("devices")
                        .length())
                .isZero();
    }

    @Test
    void badPathsMethodsAndCredentialsAreRefused() {
        String body =
                new JSONObject().put("platform", "fcm").put("token", "abc").toString();
        HttpApiIT.assertError(Http.post(url("/api/users/bob/devices"), body), 401, "UNAUTHENTICATED");
        HttpApiIT.assertError(
                Http.post(url("/api/users/bob/devices"), body, "Authorization", "Bearer wrong"),
                401,
                "UNAUTHENTICATED");
        assertThat(HttpApiIT.assertError(
                        Http.post(url("/api/users/b%20b/devices"), body, "Authorization", BEARER),
                        400,
                        "INVALID_QUERY"))
                .isEqualTo("userId: 'b b' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])");
        assertThat(HttpApiIT.assertError(
                        Http.request("DELETE", url("/api/users/bob/devices/42"), null, "Authorization", BEARER),
                        400,
                        "INVALID_QUERY"))
                .isEqualTo("id: '42' (expected: the id of a device, a lower-case UUID)");
        HttpApiIT.assertError(
                Http.request("PUT", url("/api/users/bob/devices"), body, "Authorization", BEARER),
                405,
                "METHOD_NOT_ALLOWED");
        HttpApiIT.assertError(
                Http.get(url("/api/users/bob/devices/0a1b2c3d-0000-4000-8000-000000000000"), "Authorization", BEARER),
                405,
                "METHOD_NOT_ALLOWED");
        // Nothing else was disturbed.
        assertThat(Http.get(url("/health")).status()).isEqualTo(200);
    }

    @Test
    void theMetricsShowThePushCounters() {
        String metrics = Http.metricsWithoutNode(server.url());
        assertThat(metrics).contains("securevox_push_total{provider=\"fcm\",reason=\"ok\",result=\"accepted\"} 0.0");
        assertThat(metrics).contains("securevox_push_total{provider=\"apns\",reason=\"ok\",result=\"accepted\"} 0.0");
    }

    @Test
    void anFcmKeyFileThatIsNotAServiceAccountExits78NamingIt() throws Exception {
        Path data = ServerProcess.newDataDir();
        Path key = data.resolve("service-account.json");
        Files.writeString(key, "{\"type\":\"service_account\",\"project_id\":\"my-app-1234\"}");
        try (ServerProcess bad = ServerProcess.launch(Map.of(
                "SECUREVOX_CALL_PORT", "0",
                "SECUREVOX_CALL_DATA_DIR", data.toString(),
                "SECUREVOX_CALL_FCM_CREDENTIALS", key.toString()))) {
            assertThat(bad.awaitExit(ServerProcess.START)).as(bad.output()).isEqualTo(StartupIT.EX_CONFIG);
            assertThat(bad.errorOutput())
                    .contains("SECUREVOX_CALL_FCM_CREDENTIALS: " + key
                            + ": client_email: missing (expected: a string, as in the service-account key JSON)");
        } finally {
            ServerProcess.delete(data);
        }
    }

    @Test
    void anFcmCaFileWithoutACertificateExits78NamingTheSettingAndTheFile() throws Exception {
        Path data = ServerProcess.newDataDir();
        Path key = data.resolve("service-account.json");
        Files.writeString(key, serviceAccount().toString());
        Path ca = Files.writeString(data.resolve("ca.pem"), "not a certificate\n");
        try (ServerProcess bad = ServerProcess.launch(Map.of(
                "SECUREVOX_CALL_PORT", "0",
                "SECUREVOX_CALL_DATA_DIR", data.toString(),
                "SECUREVOX_CALL_FCM_CREDENTIALS", key.toString(),
                "SECUREVOX_CALL_FCM_CA", ca.toString()))) {
            assertThat(bad.awaitExit(ServerProcess.START)).as(bad.output()).isEqualTo(StartupIT.EX_CONFIG);
            assertThat(bad.errorOutput())
                    .contains("SECUREVOX_CALL_FCM_CA: " + ca + ": not PEM certificates (expected: -----BEGIN"
                            + " CERTIFICATE----- blocks of the CA certificates to trust)");
        } finally {
            ServerProcess.delete(data);
        }
    }

    @Test
    void incompleteApnsSettingsAndAMissingKeyFileExit78NamingEach() {
        Path data = ServerProcess.newDataDir();
        try (ServerProcess bad = ServerProcess.launch(Map.of(
                "SECUREVOX_CALL_PORT", "0",
                "SECUREVOX_CALL_DATA_DIR", data.toString(),
                "SECUREVOX_CALL_APNS_KEY", data.resolve("AuthKey.p8").toString(),
                "SECUREVOX_CALL_APNS_TOPIC", "com.example.app",
                "SECUREVOX_CALL_FCM_CREDENTIALS", data.resolve("nothing.json").toString()))) {
            assertThat(bad.awaitExit(ServerProcess.START)).as(bad.output()).isEqualTo(StartupIT.EX_CONFIG);
            assertThat(bad.errorOutput())
                    .contains(
                            "SECUREVOX_CALL_APNS_KEY_ID: missing",
                            "SECUREVOX_CALL_APNS_TEAM_ID: missing",
                            "SECUREVOX_CALL_FCM_CREDENTIALS: '" + data.resolve("nothing.json")
                                    + "' does not exist or is not a file");
        } finally {
            ServerProcess.delete(data);
        }
    }

    /** A service-account key JSON with a fresh RSA key, as the Firebase console hands it out. */
    private static JSONObject serviceAccount() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new JSONObject()
                .put("type", "service_account")
                .put("project_id", "my-app-1234")
                .put("private_key_id", "k1")
                .put("private_key", pem)
                .put("client_email", "push@my-app-1234.iam.gserviceaccount.com");
    }

    @Test
    void aValidServiceAccountTurnsFcmOn() throws Exception {
        Path data = ServerProcess.newDataDir();
        JSONObject account = serviceAccount();
        String pem = account.getString("private_key");
        Path key = data.resolve("service-account.json");
        Files.writeString(key, account.toString());
        try (ServerProcess on = ServerProcess.start(
                Map.of("SECUREVOX_CALL_DATA_DIR", data.toString(), "SECUREVOX_CALL_FCM_CREDENTIALS", key.toString()))) {
            assertThat(on.output()).contains("Push: fcm (" + key + ", https://fcm.googleapis.com)");
            assertThat(on.output()).contains("push: fcm (project my-app-1234, https://fcm.googleapis.com)");
            assertThat(on.output()).doesNotContain(pem.substring(40, 80));
        } finally {
            ServerProcess.delete(data);
        }
    }
}
