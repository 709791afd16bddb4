package com.securevox.call.janus;

import static com.securevox.call.testing.MediaFailures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.media.MediaError;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link JanusClient} does with frames a real Janus does not send on demand ({@link FakeJanus}): a message split
 * across frames, one over the size limit, one that is not Janus; and the keepalive frame it sends. Everything else is
 * in JanusClientIT, against a real Janus.
 */
class JanusClientTest {
    private static final String SECRET = "fake-secret";

    private final FakeJanus janus = new FakeJanus();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> lost = new CopyOnWriteArrayList<>();
    private final JanusClient client = new JanusClient(
            JanusSettings.of(janus.url(), Optional.of(SECRET), Optional.empty()), scheduler, clock, lost::add);

    @AfterEach
    void close() {
        client.close();
        janus.close();
    }

    @Test
    void joinsAMessageSentInSeveralFrames() throws Exception {
        CompletableFuture<JanusMessage.ServerInfo> connected = client.connect();
        JsonNode info = janus.next();
        String message = "{\"janus\":\"server_info\",\"transaction\":\""
                + info.path("transaction").asText()
                + "\",\"name\":\"Janus WebRTC Server\",\"version\":1102,\"version_string\":\"1.1.2\","
                + "\"server-name\":\"fake\",\"api_secret\":true,\"session-timeout\":60,"
                + "\"plugins\":{\"janus.plugin.videoroom\":{}},\"transports\":{}}";
        janus.sendInFrames(message.substring(0, 10), message.substring(10, 100), message.substring(100));
        janus.answer(janus.next(), "{\"janus\":\"success\",\"transaction\":\"%s\",\"data\":{\"id\":1}}");
        janus.answer(janus.next(), "{\"janus\":\"success\",\"transaction\":\"%s\"}");

        assertThat(connected.get(10, TimeUnit.SECONDS).versionString()).isEqualTo("1.1.2");
    }

    @Test
    void everyRequestCarriesTheSecretAndItsOwnTransaction() throws Exception {
        CompletableFuture<JanusMessage.ServerInfo> connected = client.connect();
        JsonNode info = janus.next();
        janus.send("{\"janus\":\"server_info\",\"transaction\":\""
                + info.path("transaction").asText()
                + "\",\"name\":\"n\",\"version\":1,\"version_string\":\"1\",\"server-name\":\"f\","
                + "\"api_secret\":true,\"session-timeout\":60,\"plugins\":{},\"transports\":{}}");
        JsonNode create = janus.next();
        janus.answer(create, "{\"janus\":\"success\",\"transaction\":\"%s\",\"data\":{\"id\":1}}");
        JsonNode destroy = janus.next();
        janus.answer(destroy, "{\"janus\":\"success\",\"transaction\":\"%s\"}");
        connected.get(10, TimeUnit.SECONDS);

        assertThat(List.of(info, create, destroy)).allSatisfy(request -> {
            assertThat(request.path("apisecret").asText()).isEqualTo(SECRET);
            assertThat(request.path("transaction").asText()).matches("[A-Za-z0-9_-]{16}");
        });
        assertThat(List.of(info, create, destroy))
                .extracting(request -> request.path("transaction").asText())
                .doesNotHaveDuplicates();
        assertThat(destroy.path("session_id").asLong()).isEqualTo(1);
    }

    @Test
    void aMessageOverTheLimitEndsTheConnectionAndFailsWhatWasPending() throws Exception {
        connect();
        CompletableFuture<Long> pending = client.createSession(reason -> {});
        janus.next();
        String part = "x".repeat(1024 * 1024);
        janus.sendInFrames("{\"janus\":\"", part, part, part, part, part + "\"}");

        assertThat(failure(pending))
                .satisfies(e -> assertThat(e.error()).isEqualTo(MediaError.UNAVAILABLE))
                .hasMessage("create: connection to Janus lost: Janus sent a message of more than 4194304 characters"
                        + " (expected: at most 4194304)");
        assertThat(lost)
                .containsExactly("Janus sent a message of more than 4194304 characters (expected: at most 4194304)");
        assertThat(client.connected()).isFalse();
    }

    @Test
    void anUnreadableReplyFailsItsRequestAndNothingElse() throws Exception {
        connect();
        CompletableFuture<Long> unreadable = client.createSession(reason -> {});
        janus.answer(janus.next(), "{\"janus\":\"success\",\"transaction\":\"%s\",\"data\":{\"id\":\"seven\"}}");

        assertThat(failure(unreadable))
                .satisfies(e -> assertThat(e.error()).isEqualTo(MediaError.PROTOCOL))
                .hasMessage("create: data.id: 'seven' (expected: a positive integer)");

        janus.send("this is not JSON");
        janus.send("{\"janus\":\"surprise\"}");
        CompletableFuture<Long> fine = client.createSession(reason -> {});
        janus.answer(janus.next(), "{\"janus\":\"success\",\"transaction\":\"%s\",\"data\":{\"id\":7}}");
        assertThat(fine.get(10, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(lost).isEmpty();
    }

    @Test
    void idleSessionsGetAKeepaliveAndBusyOnesDoNot() throws Exception {
        connect();
        CompletableFuture<Long> idle = client.createSession(reason -> {});
        janus.answer(janus.next(), "{\"janus\":\"success\",\"transaction\":\"%s\",\"data\":{\"id\":21}}");
        idle.get(10, TimeUnit.SECONDS);
        clock.advance(JanusSettings.DEFAULT_KEEPALIVE);
        CompletableFuture<Long> busy = client.createSession(reason -> {});
        janus.answer(janus.next(), "{\"janus\":\"success\",\"transaction\":\"%s\",\"data\":{\"id\":22}}");
        busy.get(10, TimeUnit.SECONDS);

        fireKeepalive();

        JsonNode keepalive = janus.next();
        assertThat(keepalive.path("janus").asText()).isEqualTo("keepalive");
        assertThat(keepalive.path("session_id").asLong()).isEqualTo(21);
        assertThat(keepalive.path("apisecret").asText()).isEqualTo(SECRET);
        janus.answer(keepalive, "{\"janus\":\"ack\",\"session_id\":21,\"transaction\":\"%s\"}");
        // The next round is armed, and a session only the clock made idle gets its keepalive then.
        clock.advance(JanusSettings.DEFAULT_KEEPALIVE);
        fireKeepalive();
        assertThat(List.of(janus.next(), janus.next()))
                .extracting(request -> request.path("session_id").asLong())
                .containsExactlyInAnyOrder(21L, 22L);
    }

    private void fireKeepalive() {
        scheduler.tasks().stream()
                .filter(task -> task.delay.equals(JanusSettings.DEFAULT_KEEPALIVE))
                .reduce((first, second) -> second)
                .orElseThrow()
                .fire();
    }

    private void connect() throws Exception {
        CompletableFuture<JanusMessage.ServerInfo> connected = client.connect();
        janus.acceptConnection();
        connected.get(10, TimeUnit.SECONDS);
    }
}
