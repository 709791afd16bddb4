package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Django example ({@code examples/django}, Debian's python3-django) beside the real server: Django verifies
 * the user's token, the call token admits a real Socket.IO client, and Django stores the signed webhooks in order;
 * Django answers the server's call policy from its blocks, mints user tokens for device connections and registers
 * (and on logout removes) its users' phones.
 */
class DjangoExampleIT {
    private static final Path PROJECT = Path.of("examples/django").toAbsolutePath();
    private static final String PYTHON = "/usr/bin/python3";
    private static final String WEBHOOK_SECRET = "django-example-it-webhook-secret";
    private static final String CAN_CALL_PATH = "/api/calls/can-call/";
    private static final String BEARER = "Bearer " + ServerProcess.API_KEY;

    static Path dir;
    static int djangoPort;
    static Process django;
    static ServerProcess server;
    static String aliceToken;

    @BeforeAll
    static void start() throws Exception {
        dir = ServerProcess.newDataDir();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            djangoPort = probe.getLocalPort();
        }
        String django = "http://127.0.0.1:" + djangoPort;
        // The server asks Django only when a Token comes, so it may start first and tell Django its port.
        server = ServerProcess.start(Map.of(
                "DJANGO_BACKEND_URL", django,
                "SECUREVOX_CALL_WEBHOOK_URL", django + "/api/call-events/",
                "SECUREVOX_CALL_WEBHOOK_SECRET", WEBHOOK_SECRET,
                "SECUREVOX_CALL_DJANGO_CAN_CALL_PATH", CAN_CALL_PATH));
        manage("migrate", "--noinput");
        aliceToken = manage("issue_token", "alice").strip();
        ProcessBuilder runserver = python("runserver", "127.0.0.1:" + djangoPort, "--noreload");
        runserver
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("django.log").toFile());
        DjangoExampleIT.django = runserver.start();
        ServerProcess.await(Duration.ofSeconds(30), "Django to answer", () -> {
            try {
                return Http.get(django + "/api/auth/verify/").status() == 401;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (django != null) {
            django.destroy();
            django.waitFor(10, TimeUnit.SECONDS);
        }
        ServerProcess.close(server);
        ServerProcess.delete(dir);
    }

    private static ProcessBuilder python(String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON, "manage.py"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile());
        Map<String, String> env = new HashMap<>();
        env.put("EXAMPLE_DB", dir.resolve("django.sqlite3").toString());
        env.put("SECUREVOX_WEBHOOK_SECRET", WEBHOOK_SECRET);
        env.put("SECUREVOX_CALL_URL", server.url());
        env.put("SECUREVOX_CALL_API_KEY", ServerProcess.API_KEY);
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs a management command and returns its output; it must succeed. */
    private static String manage(String... args) throws IOException, InterruptedException {
        Process process = python(args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void aDjangoUserCallsAndDjangoStoresTheSignedWebhooksInOrder() throws Exception {
        String sessionId = TestClient.fresh("django");
        Http.Response minted = Http.post(
                server.url() + "/api/call/token",
                new JSONObject().put("sessionId", sessionId).toString(),
                "Authorization",
                "Token " + aliceToken);
        assertThat(minted.status()).as(minted.body()).isEqualTo(200);
        String userId = minted.json().getString("userId");

        try (TestClient alice =
                TestClient.connect(server.url(), Via.WEBSOCKET, minted.json().getString("token"))) {
            assertThat(alice.await("authenticated").json().getString("userId")).isEqualTo(userId);
            alice.join(new JSONObject().put("sessionId", sessionId));
            alice.await("call_joined");
            alice.call("mute_audio", new JSONObject().put("muted", true));
            alice.call("leave_call", new JSONObject().put("sessionId", sessionId));
        }

        List<JSONObject> stored = new ArrayList<>();
        ServerProcess.await(Duration.ofSeconds(30), "Django to store the call's 5 events", () -> {
            stored.clear();
            stored.addAll(events(sessionId));
            return stored.size() == 5;
        });
        assertThat(stored.stream().map(e -> e.getString("type")))
                .containsExactly(
                        "call.started", "participant.joined", "participant.updated", "participant.left", "call.ended");
        assertThat(stored.stream().map(e -> e.getLong("sequence"))).containsExactly(1L, 2L, 3L, 4L, 5L);
        // Django refuses (401) a bad signature and the server would have retried: every event went once, first time.
        JSONArray deliveries = Http.get(
                        server.url() + "/api/webhooks/deliveries?status=delivered",
                        "Authorization",
                        "Bearer " + ServerProcess.API_KEY)
                .json()
                .getJSONArray("deliveries");
        for (JSONObject event : stored) {
            assertThat(event.getInt("deliveries")).isEqualTo(1);
            JSONObject delivery = find(deliveries, event.getString("id"));
            assertThat(delivery.getInt("attempts")).as(delivery.toString()).isEqualTo(1);
        }
    }

    @Test
    void djangoGetsACallTokenForItsLoggedInUser() {
        Http.Response minted = Http.post(
                "http://127.0.0.1:" + djangoPort + "/calls/token/",
                new JSONObject().put("sessionId", "django_view").toString(),
                "Authorization",
                "Token " + aliceToken);

        assertThat(minted.status()).as(minted.body()).isEqualTo(200);
        try (TestClient alice =
                TestClient.connect(server.url(), Via.WEBSOCKET, minted.json().getString("token"))) {
            assertThat(alice.await("authenticated").json().getString("userId"))
                    .isEqualTo(minted.json().getString("userId"));
        }
    }

    @Test
    void theCallPolicyIsDjangosBlocksAndDjangosUserTokensOpenDeviceConnections() throws Exception {
        DjangoUser alice = djangoUser("alice");
        DjangoUser bob = djangoUser("bob");
        DjangoUser carol = djangoUser("carol");
        manage("block", bob.username(), alice.username());

        try (TestClient alices = device(alice);
                TestClient bobs = device(bob);
                TestClient carols = device(carol)) {
            JSONObject invited = alices.call(
                    "call_invite",
                    new JSONObject()
                            .put("to", new JSONArray(List.of(bob.id(), carol.id())))
                            .put("media", "audio"));

            assertOk(invited);
            assertThat(RingingIT.state(invited, bob.id())).isEqualTo("forbidden");
            assertThat(RingingIT.state(invited, carol.id())).isEqualTo("ringing");
            JSONObject incoming = carols.await("incoming_call").json();
            assertThat(incoming.getJSONObject("from").getString("userId")).isEqualTo(alice.id());
            bobs.assertNothing(Duration.ofMillis(500), "incoming_call");
            // Alice hangs up, so she is not busy ringing carol when bob calls her below.
            assertOk(alices.call("call_cancel", new JSONObject().put("sessionId", invited.getString("sessionId"))));
            carols.await("incoming_call_ended");
        }
        // The block is one way: bob may still call alice.
        try (TestClient bobs = device(bob);
                TestClient alices = device(alice)) {
            JSONObject invited = bobs.call(
                    "call_invite",
                    new JSONObject()
                            .put("to", new JSONArray(List.of(alice.id())))
                            .put("media", "video"));
            assertThat(RingingIT.state(invited, alice.id()))
                    .as(invited.toString())
                    .isEqualTo("ringing");
            alices.await("incoming_call");
        }
    }

    @Test
    void aPhoneRegisteredThroughDjangoIsTheUsersDeviceUntilLogout() throws Exception {
        DjangoUser dana = djangoUser("dana");
        String devices = server.url() + "/api/users/" + dana.id() + "/devices";

        Http.Response phone =
                register(dana, new JSONObject().put("platform", "fcm").put("token", DevicesIT.FCM));
        Http.Response tablet = register(
                dana,
                new JSONObject()
                        .put("platform", "apns_voip")
                        .put("token", DevicesIT.VOIP)
                        .put("appId", "com.example.app")
                        .put("environment", "sandbox"));
        assertThat(ids(Http.get(devices, "Authorization", BEARER)))
                .containsExactly(phone.json().getString("id"), tablet.json().getString("id"));
        // The server's refusal reaches the app as it was: the field, the value and what was expected.
        Http.Response refused = viaDjango("POST", "/devices/", "{\"platform\":\"gcm\",\"token\":\"abc\"}", dana);
        assertThat(HttpApiIT.assertError(refused, 400, "INVALID_PAYLOAD"))
                .isEqualTo("platform: \"gcm\" (expected: \"fcm\", \"apns\" or \"apns_voip\")");

        Http.Response removed = viaDjango("DELETE", "/devices/" + phone.json().getString("id") + "/", null, dana);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        assertThat(ids(viaDjango("GET", "/devices/", null, dana)))
                .containsExactly(tablet.json().getString("id"));
        // Another user's device id names nothing of dana's.
        DjangoUser erin = djangoUser("erin");
        assertThat(viaDjango("DELETE", "/devices/" + tablet.json().getString("id") + "/", null, erin)
                        .status())
                .isEqualTo(404);

        Http.Response loggedOut = viaDjango("POST", "/devices/logout/", "", dana);
        assertThat(loggedOut.status()).as(loggedOut.toString()).isEqualTo(200);
        assertThat(loggedOut.json().getInt("removed")).isEqualTo(1);
        assertThat(ids(Http.get(devices, "Authorization", BEARER))).isEmpty();
    }

    /** A Django user: its username, its API token, and its id (Django's pk), which is its userId on the server. */
    private record DjangoUser(String username, String token, String id) {}

    /** A new Django user (issue_token) named after {@code prefix}. */
    private static DjangoUser djangoUser(String prefix) throws IOException, InterruptedException {
        String username = TestClient.fresh(prefix);
        String token = manage("issue_token", username).strip();
        Http.Response verified = Http.get(django() + "/api/auth/verify/", "Authorization", "Token " + token);
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        return new DjangoUser(username, token, verified.json().getString("user_id"));
    }

    private static String django() {
        return "http://127.0.0.1:" + djangoPort;
    }

    /** A request to Django as {@code user} (their {@code Token}), as the user's app sends it. */
    private static Http.Response viaDjango(String method, String path, String body, DjangoUser user) {
        String authorization = "Token " + user.token();
        return body == null
                ? Http.request(method, django() + path, null, "Authorization", authorization)
                : Http.request(
                        method,
                        django() + path,
                        body,
                        "Authorization",
                        authorization,
                        "Content-Type",
                        "application/json");
    }

    /** Registers a device through Django, which must answer the server's 201 and the device, of {@code user}. */
    private static Http.Response register(DjangoUser user, JSONObject device) {
        Http.Response created = viaDjango("POST", "/devices/", device.toString(), user);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().getString("userId")).isEqualTo(user.id());
        return created;
    }

    /** A device connection of {@code user}, opened with the user token Django minted for them. */
    private static TestClient device(DjangoUser user) {
        Http.Response minted = viaDjango("POST", "/users/token/", "", user);
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        assertThat(minted.json().getString("userId")).isEqualTo(user.id());
        TestClient device =
                TestClient.connect(server.url(), Via.WEBSOCKET, minted.json().getString("token"));
        JSONObject authenticated = device.await("authenticated").json();
        assertThat(authenticated.getString("scope")).isEqualTo("user");
        assertThat(authenticated.getString("userId")).isEqualTo(user.id());
        return device;
    }

    private static List<String> ids(Http.Response listed) {
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        JSONArray devices = listed.json().getJSONArray("devices");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < devices.length(); i++) {
            ids.add(devices.getJSONObject(i).getString("id"));
        }
        return ids;
    }

    private static List<JSONObject> events(String sessionId) {
        try {
            List<JSONObject> events = new ArrayList<>();
            for (String line : manage("call_events").split("\n")) {
                if (!line.isBlank()) {
                    JSONObject event = new JSONObject(line);
                    if (event.getString("sessionId").equals(sessionId)) {
                        events.add(event);
                    }
                }
            }
            return events;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JSONObject find(JSONArray deliveries, String id) {
        for (int i = 0; i < deliveries.length(); i++) {
            if (deliveries.getJSONObject(i).getString("id").equals(id)) {
                return deliveries.getJSONObject(i);
            }
        }
        throw new AssertionError("no delivery " + id + " in " + deliveries);
    }

    static {
        // Fail early and clearly where Debian's Django is missing (.ci/run installs python3-django).
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new IllegalStateException(PYTHON + " is missing (expected: Debian's python3 with python3-django)");
        }
    }
}
