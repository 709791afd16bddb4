package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.CallEvent;
import com.securevox.call.call.CallPolicy;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.JoinRequest;
import com.securevox.call.call.Moderation;
import com.securevox.call.call.Role;
import com.securevox.call.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The backend's host-control routes over a real registry: which paths they are, and what each answers. */
class HostRoutesTest {
    private final List<CallEvent> delivered = new ArrayList<>();
    private final CallRegistry registry = new CallRegistry(
            Clock.systemUTC(),
            new CallPolicy(16, Duration.ZERO, 4),
            new ManualScheduler(),
            (to, event) -> delivered.add(event),
            fact -> {});
    private final HostRoutes routes = new HostRoutes(new Moderation(registry), new ObjectMapper());

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            nullValues = "-",
            value = {
                "/api/calls/room-42/end, End[sessionId=room-42]",
                "/api/calls/room-42/participants/bob/mute, 'Mute[sessionId=room-42, userId=bob]'",
                "/api/calls/room-42/participants/bob/remove, 'Remove[sessionId=room-42, userId=bob]'",
                "/api/calls/room-42/participants/bob/kick, -",
                "/api/calls/room-42/participants//mute, -",
                "/api/calls//end, -",
                "/api/calls/room-42/end/, -",
                "/api/calls/room-42, -",
                "/api/calls/room-42/recording, -",
                "/api/calls/room-42/participants/bob/mute/x, -",
            })
    void pathsNameTheirAction(String path, String action) {
        assertThat(HostRoutes.actionOf(path).map(Object::toString).orElse(null)).isEqualTo(action);
    }

    private void join(String connection, String userId) {
        registry.join(new JoinRequest(
                new ConnectionId(connection),
                userId,
                Role.PARTICIPANT,
                "room-42",
                Optional.empty(),
                false,
                false,
                new ClientInfo("websocket", "test")));
    }

    private Object post(String path, String body) {
        ApiRequest request = new ApiRequest(
                "POST",
                path,
                Map.of(),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                "127.0.0.1");
        return routes.handle(request, HostRoutes.actionOf(path).orElseThrow());
    }

    @Test
    void eachActionAnswersWithWhatItDid() {
        join("a", "alice");
        join("b", "bob");

        assertThat(post("/api/calls/room-42/participants/bob/mute", "{\"kind\":\"video\"}"))
                .isInstanceOfSatisfying(HostRoutes.Muted.class, muted -> {
                    assertThat(muted.sessionId()).isEqualTo("room-42");
                    assertThat(muted.participant().videoMuted()).isTrue();
                });
        assertThat(delivered)
                .contains(new CallEvent.MuteRequested("room-42", com.securevox.call.call.MediaKind.VIDEO, "api"));
        assertThat(post("/api/calls/room-42/participants/bob/remove", null))
                .isEqualTo(new HostRoutes.Removed("room-42", "bob"));
        assertThat(post("/api/calls/room-42/end", null)).isEqualTo(new HostRoutes.Ended("room-42", "ended_by_host"));
        assertThat(registry.activeCallCount()).isZero();
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(
            delimiterString = " :: ",
            nullValues = "-",
            value = {
                "/api/calls/gone/end :: - :: NOT_FOUND :: sessionId: 'gone' (expected: a call in progress)",
                "/api/calls/room-42/participants/carol/remove :: - :: NOT_FOUND :: userId: 'carol' (expected: a participant of call 'room-42')",
                "/api/calls/room-42/participants/alice/mute :: - :: INVALID_PAYLOAD :: body: empty (expected: a JSON object like {\"kind\": \"audio\"})",
                "/api/calls/room-42/participants/alice/mute :: {} :: INVALID_PAYLOAD :: kind: missing (expected: \"audio\" or \"video\")",
                "/api/calls/room-42/participants/alice/mute :: {\"kind\":\"both\"} :: INVALID_PAYLOAD :: kind: 'both' (expected: \"audio\" or \"video\")",
                "/api/calls/room-42/participants/alice/mute :: {\"kind\":[1]} :: INVALID_PAYLOAD :: kind: not a string (expected: \"audio\" or \"video\")",
                "/api/calls/room 42/end :: - :: INVALID_QUERY :: sessionId: 'room 42' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
                "/api/calls/room-42/participants/a*b/remove :: - :: INVALID_QUERY :: userId: 'a*b' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
            })
    void refusalsSayWhich(String path, String body, HttpError error, String message) {
        join("a", "alice");
        delivered.clear();

        HttpApiException e = catchThrowableOfType(HttpApiException.class, () -> post(path, body));

        assertThat(e).isNotNull();
        assertThat(e.error()).isEqualTo(error);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(delivered).isEmpty();
        assertThat(registry.isParticipant("room-42", "alice")).isTrue();
    }
}
