package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.call.Ids;
import com.securevox.call.call.Role;
import java.util.Optional;

/**
 * The body of {@code POST /api/call/token}. {@code userId} may be absent only when the caller is a
 * verified user, who then mints for themself.
 */
public record TokenRequest(Optional<String> userId, String sessionId, Role role) {

    /** What a body looks like, for messages. */
    static final String EXAMPLE = "{\"userId\", \"sessionId\", \"role\"}";

    /**
     * Strictly parses a body (see {@link JsonBody}: one object, each key once, nothing after it); unknown fields are
     * ignored.
     */
    static TokenRequest parse(JsonBody json, byte[] body) {
        ObjectNode root = json.object(body);
        Optional<String> userId = optionalId(root, "userId");
        String sessionId = optionalId(root, "sessionId").orElseThrow(() -> invalid(Ids.problem("sessionId", null)));
        Role role = Role.PARTICIPANT;
        JsonNode roleNode = root.get("role");
        if (roleNode != null && !roleNode.isNull()) {
            if (!roleNode.isTextual()) {
                throw invalid("role: not a string (expected: \"participant\" or \"host\")");
            }
            role = Role.fromWire(roleNode.asText())
                    .orElseThrow(() -> invalid(
                            "role: '" + shorten(roleNode.asText()) + "' (expected: \"participant\" or \"host\")"));
        }
        return new TokenRequest(userId, sessionId, role);
    }

    static Optional<String> optionalId(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw invalid(field + ": not a string (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])");
        }
        if (!Ids.isValid(node.asText())) {
            throw invalid(Ids.problem(field, node.asText()));
        }
        return Optional.of(node.asText());
    }

    private static HttpApiException invalid(String message) {
        return new HttpApiException(HttpError.INVALID_PAYLOAD, message);
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
