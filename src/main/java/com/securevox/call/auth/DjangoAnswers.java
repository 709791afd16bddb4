package com.securevox.call.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.auth.UserVerification.Refused;
import com.securevox.call.auth.UserVerification.Unavailable;
import com.securevox.call.auth.UserVerification.Verified;
import com.securevox.call.call.Ids;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Reads Django's answer to a verification request: its status and body, both untrusted input. Kept apart from
 * {@link DjangoUserVerifier} so every shape of answer can be tested (and fuzzed) without a network.
 */
final class DjangoAnswers {

    /** A Django answer is a small JSON object; anything much bigger is not one. */
    static final int MAX_BYTES = 64 * 1024;

    /** Field names holding the user's id, in the order they are looked for. */
    static final List<String> ID_FIELDS = List.of("user_id", "userId", "id");

    private static final int REASON_MAX = 120;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private DjangoAnswers() {}

    /** What Django's status and body mean. */
    static UserVerification read(int status, byte[] body) {
        if (status == 401 || status == 403) {
            return new Refused("Django answered " + status);
        }
        if (status != 200) {
            return new Unavailable("status " + status + " (expected: 200, 401 or 403)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return new Unavailable("answer is not JSON (expected: {\"user_id\": \"...\"})");
        } catch (IOException e) {
            return new Unavailable("answer unreadable: " + e.getClass().getSimpleName());
        }
        if (root == null || !root.isObject()) {
            return new Unavailable("answer is not a JSON object (expected: {\"user_id\": \"...\"})");
        }
        for (String field : ID_FIELDS) {
            JsonNode value = root.get(field);
            if (value != null && !value.isNull()) {
                return userId(field, value);
            }
        }
        return new Unavailable("answer has no user_id, userId or id (expected: {\"user_id\": \"...\"})");
    }

    /**
     * A 200 whose id breaks the id rule is Unavailable, not Refused: Django vouched for the token, so the fault is
     * in how Django and this server are set up, which an operator must fix and the user cannot.
     */
    private static UserVerification userId(String field, JsonNode value) {
        String id;
        if (value.isTextual()) {
            id = value.textValue();
        } else if (value.isIntegralNumber()) {
            id = value.bigIntegerValue().toString();
        } else {
            return new Unavailable(field + ": " + value.getNodeType().name().toLowerCase(Locale.ROOT)
                    + " (expected: a string or an integer)");
        }
        if (!Ids.isValid(id)) {
            return new Unavailable(printable(Ids.problem(field, id)));
        }
        return new Verified(id);
    }

    /** A piece of outside text for a reason: cut short, control characters replaced. */
    static String printable(String value) {
        String cut = value.length() > REASON_MAX ? value.substring(0, REASON_MAX) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
