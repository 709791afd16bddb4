package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Received;
import java.util.List;
import org.json.JSONObject;

/** Assertions on the contract's reply shapes: acks, {@code call_error} and participant objects. */
final class Replies {
    private Replies() {}

    /** {@code {ok: true, ...}}. */
    static JSONObject assertOk(JSONObject ack) {
        assertThat(ack.opt("ok")).as("ack %s", ack).isEqualTo(Boolean.TRUE);
        return ack;
    }

    /** {@code {ok: false, error: {code, message}}} with that code and a message. */
    static JSONObject assertFailure(JSONObject ack, String code) {
        assertThat(ack.opt("ok")).as("ack %s", ack).isEqualTo(Boolean.FALSE);
        assertThat(ack.optJSONObject("error")).as("ack %s", ack).isNotNull();
        JSONObject error = ack.getJSONObject("error");
        assertThat(error.optString("code")).as("ack %s", ack).isEqualTo(code);
        assertThat(error.optString("message")).as("ack %s", ack).isNotBlank();
        return error;
    }

    /** The next {@code call_error}: {@code {event, code, message}}. */
    static JSONObject assertCallError(TestClient client, String event, String code) {
        JSONObject error = client.await("call_error").json();
        assertThat(error.optString("event")).as("call_error %s", error).isEqualTo(event);
        assertThat(error.optString("code")).as("call_error %s", error).isEqualTo(code);
        assertThat(error.optString("message")).as("call_error %s", error).isNotBlank();
        return error;
    }

    /** A participant object: {@code {userId, role, audioMuted, videoMuted, joinedAt, metadata}}. */
    static JSONObject assertParticipant(JSONObject p, String userId) {
        assertThat(p.keySet())
                .as("participant %s", p)
                .contains("userId", "role", "audioMuted", "videoMuted", "joinedAt", "metadata");
        assertThat(p.getString("userId")).isEqualTo(userId);
        assertThat(p.getString("role")).isIn("participant", "host");
        assertThat(p.get("audioMuted")).isInstanceOf(Boolean.class);
        assertThat(p.get("videoMuted")).isInstanceOf(Boolean.class);
        assertThat(p.get("joinedAt")).isInstanceOf(Number.class);
        long joinedAt = p.getLong("joinedAt");
        assertThat(joinedAt)
                .as("joinedAt in Unix ms")
                .isBetween(System.currentTimeMillis() - 600_000, System.currentTimeMillis() + 10_000);
        Object metadata = p.get("metadata");
        assertThat(metadata == JSONObject.NULL || metadata instanceof JSONObject)
                .as("metadata object or null: %s", metadata)
                .isTrue();
        return p;
    }

    static List<String> names(List<Received> log) {
        return log.stream().map(Received::event).toList();
    }
}
