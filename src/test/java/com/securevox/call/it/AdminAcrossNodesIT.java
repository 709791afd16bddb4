package com.securevox.call.it;

import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import com.securevox.call.testing.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The admin dashboard of one node shows and acts on the calls of every node: two server processes sharing a private
 * Redis and a PostgreSQL database, a call whose members are all on one node, and the operator signed in on the other.
 * Its live calls (the JSON list and the event stream) list the call with the node serving it; its mute, remove and
 * end act there, with the same answers and errors as on the node itself, and the members see the protocol's events;
 * a node killed with {@code kill -9} is listed as unreachable, its calls missing, rather than silently dropped.
 */
class AdminAcrossNodesIT {
    private static final Duration SEEN = Duration.ofSeconds(15);
    private static final String FORWARDED = "X-SecureVOX-Forwarded-By";

    /** Signs in on {@code server} with the API key: the session's cookie, {@code name=value}. */
    static String signIn(ServerProcess server) {
        Http.Response signedIn = Http.request(
                "POST",
                server.url() + "/admin/api/session",
                new JSONObject().put("secret", ServerProcess.API_KEY).toString(),
                "Content-Type",
                "application/json",
                "Origin",
                server.url());
        assertThat(signedIn.status()).as("%s", signedIn).isEqualTo(204);
        return signedIn.header("set-cookie").orElseThrow().split(";")[0];
    }

    private static JSONObject liveCalls(ServerProcess server, String cookie) {
        Http.Response calls = Http.get(server.url() + "/admin/api/calls", "Cookie", cookie);
        assertThat(calls.status()).as("%s", calls).isEqualTo(200);
        return calls.json();
    }

    private static JSONObject callIn(JSONObject live, String call) {
        for (Object c : live.getJSONArray("calls")) {
            if (((JSONObject) c).getString("sessionId").equals(call)) {
                return (JSONObject) c;
            }
        }
        throw new AssertionError(call + " not listed: " + live);
    }

    private static Http.Response control(ServerProcess server, String cookie, String path, JSONObject body) {
        List<String> headers = new ArrayList<>(List.of("Cookie", cookie, "Origin", server.url()));
        if (body != null) {
            headers.addAll(List.of("Content-Type", "application/json"));
        }
        return Http.request(
                "POST",
                server.url() + "/admin/api/calls/" + path,
                body == null ? null : body.toString(),
                headers.toArray(String[]::new));
    }

    /** The first event of the dashboard's live calls stream that lists {@code call}. */
    private static JSONObject firstEventListing(ServerProcess server, String cookie, String call) throws Exception {
        AtomicReference<JSONObject> found = new AtomicReference<>();
        // Shut down rather than closed: close() would wait for the stream, which lasts as long as the session.
        HttpClient client = HttpClient.newHttpClient();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/admin/api/calls/events"))
                    .header("Cookie", cookie)
                    .build();
            HttpResponse<Stream<String>> response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                    .get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            Thread reader = Thread.ofVirtual().start(() -> response.body()
                    .filter(line -> line.startsWith("data: "))
                    .map(line -> new JSONObject(line.substring(6)))
                    .filter(e -> e.getJSONArray("calls").toList().stream()
                            .anyMatch(c -> call.equals(((Map<?, ?>) c).get("sessionId"))))
                    .findFirst()
                    .ifPresent(found::set));
            reader.join(Duration.ofSeconds(10));
            response.body().close();
        } finally {
            client.shutdownNow();
        }
        assertThat(found.get()).as("an event listing %s", call).isNotNull();
        return found.get();
    }

    @Test
    void theDashboardOfOneNodeListsAndControlsACallServedByAnother() throws Exception {
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        String carol = fresh("carol");
        try (RedisServer redis = RedisServer.start();
                PgDatabase database = PgDatabase.create();
                ServerProcess a = Nodes.start("it-admin-a", redis, database);
                ServerProcess b = Nodes.start("it-admin-b", redis, database)) {
            Nodes.awaitListed(b, "it-admin-a");
            Nodes.awaitListed(a, "it-admin-b");
            String cookie = signIn(b);
            try (TestClient al = TestClient.joined(a, Via.WEBSOCKET, alice, call);
                    TestClient bo = TestClient.joined(a, Via.WEBSOCKET, bob, call);
                    TestClient ca = TestClient.joined(a, Via.POLLING, carol, call)) {
                JSONObject live = liveCalls(b, cookie);
                assertThat(live.getString("node")).isEqualTo("it-admin-b");
                assertThat(live.getInt("connectedUsers")).isEqualTo(3);
                JSONObject listed = callIn(live, call);
                assertThat(listed.getString("node")).isEqualTo("it-admin-a");
                assertThat(listed.getJSONArray("participants").toList()).containsExactly(alice, bob, carol);
                assertThat(listed.getJSONArray("audioMuted").toList()).isEmpty();
                JSONArray nodes = live.getJSONArray("nodes");
                assertThat(nodes.getJSONObject(0).toMap())
                        .isEqualTo(Map.of("id", "it-admin-a", "status", "ok", "calls", 1));
                assertThat(nodes.getJSONObject(1).toMap())
                        .isEqualTo(Map.of("id", "it-admin-b", "status", "ok", "calls", 0));
                assertThat(callIn(firstEventListing(b, cookie, call), call).getString("node"))
                        .isEqualTo("it-admin-a");

                // A node answers another with its own calls, and only with the API key.
                Http.Response wrongKey = Http.get(
                        a.url() + "/admin/api/calls", FORWARDED, "it-admin-b", "Authorization", "Bearer not-the-key");
                assertThat(wrongKey.status()).as("%s", wrongKey).isEqualTo(401);
                Http.Response own = Http.get(
                        a.url() + "/admin/api/calls",
                        FORWARDED,
                        "it-admin-b",
                        "Authorization",
                        "Bearer " + ServerProcess.API_KEY);
                assertThat(own.status()).as("%s", own).isEqualTo(200);
                assertThat(own.json().has("nodes")).isFalse();
                assertThat(callIn(own.json(), call).getString("node")).isEqualTo("it-admin-a");
                Http.Response keyAlone =
                        Http.get(b.url() + "/admin/api/calls", "Authorization", "Bearer " + ServerProcess.API_KEY);
                assertThat(keyAlone.status()).as("the key opens no dashboard").isEqualTo(401);

                // Mute through it-admin-b: it-admin-a acts, bob is asked, everyone sees it, and the list shows it.
                Http.Response muted = control(
                        b, cookie, call + "/participants/" + bob + "/mute", new JSONObject().put("kind", "audio"));
                assertThat(muted.status()).as("%s", muted).isEqualTo(200);
                assertThat(muted.json().getJSONObject("participant").getBoolean("audioMuted"))
                        .isTrue();
                Nodes.assertMutedByApi(bo, al, call, bob);
                ServerProcess.await(SEEN, bob + " shown muted on it-admin-b", () -> callIn(liveCalls(b, cookie), call)
                        .getJSONArray("audioMuted")
                        .toList()
                        .equals(List.of(bob)));

                // The same refusals as on the node serving the call, and the dashboard's own rules first.
                Http.Response badKind = control(
                        b, cookie, call + "/participants/" + bob + "/mute", new JSONObject().put("kind", "voice"));
                assertThat(badKind.status()).as("%s", badKind).isEqualTo(400);
                assertThat(badKind.json().getJSONObject("error").getString("code"))
                        .isEqualTo("INVALID_PAYLOAD");
                Http.Response nobody = control(b, cookie, call + "/participants/nobody/remove", null);
                assertThat(nobody.status()).as("%s", nobody).isEqualTo(404);
                assertThat(nobody.json().getJSONObject("error").getString("message"))
                        .isEqualTo("userId: 'nobody' (expected: a participant of call '" + call + "')");
                Http.Response forged = Http.request(
                        "POST",
                        b.url() + "/admin/api/calls/" + call + "/end",
                        null,
                        "Cookie",
                        cookie,
                        "Origin",
                        "https://evil.example");
                assertThat(forged.status()).as("%s", forged).isEqualTo(403);
                al.assertNothing(Duration.ofMillis(300), "call_ended");

                Http.Response removed = control(b, cookie, call + "/participants/" + carol + "/remove", null);
                assertThat(removed.status()).as("%s", removed).isEqualTo(200);
                Nodes.assertRemovedByApi(ca, al, call, carol);

                Http.Response ended = control(b, cookie, call + "/end", null);
                assertThat(ended.status()).as("%s", ended).isEqualTo(200);
                assertThat(ended.json().toMap()).isEqualTo(Map.of("sessionId", call, "reason", "ended_by_host"));
                for (TestClient everyone : List.of(al, bo)) {
                    assertThat(everyone.await("call_ended").json().getString("by"))
                            .isEqualTo("api");
                }
                ServerProcess.await(SEEN, "the call gone from it-admin-b's dashboard", () -> liveCalls(b, cookie)
                        .getJSONArray("calls")
                        .isEmpty());
            }

            // A node that does not answer: said, with its calls missing, not left out.
            String other = fresh("call");
            TestClient dave = TestClient.joined(a, Via.WEBSOCKET, fresh("dave"), other);
            ServerProcess.await(SEEN, "the other call listed", () -> !liveCalls(b, cookie)
                    .getJSONArray("calls")
                    .isEmpty());
            a.signal("KILL");
            a.awaitExit(Duration.ofSeconds(10));
            AtomicReference<JSONObject> degraded = new AtomicReference<>();
            ServerProcess.await(SEEN, "it-admin-a listed unreachable", () -> {
                JSONObject now = liveCalls(b, cookie);
                JSONObject first = now.getJSONArray("nodes").getJSONObject(0);
                degraded.set(now);
                return first.getString("id").equals("it-admin-a")
                        && first.getString("status").equals("unreachable");
            });
            JSONObject dead = degraded.get().getJSONArray("nodes").getJSONObject(0);
            assertThat(dead.getString("error")).contains("node 'it-admin-a' at " + a.url());
            assertThat(dead.has("calls")).isFalse();
            assertThat(degraded.get().getJSONArray("calls").isEmpty()).isTrue();
            dave.close();
        }
    }
}
