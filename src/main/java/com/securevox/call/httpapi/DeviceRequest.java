package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.push.DeviceRegistration;
import com.securevox.call.push.InvalidDeviceException;
import java.util.Locale;

/**
 * The body of {@code POST /api/users/{userId}/devices}: {@code {platform, token, appId?, environment?}}, read strictly
 * (see {@link JsonBody}); the rules of each field are the registry's ({@link DeviceRegistration}). Unknown fields are
 * ignored, like the token request's.
 */
final class DeviceRequest {
    static final String EXAMPLE = "{\"platform\", \"token\", \"appId\", \"environment\"}";

    private DeviceRequest() {}

    /** @throws HttpApiException {@code INVALID_PAYLOAD} naming the field, its value and what was expected */
    static DeviceRegistration parse(JsonBody json, byte[] body, String userId) {
        ObjectNode root = json.object(body);
        try {
            return DeviceRegistration.of(
                    userId,
                    text(root, "platform"),
                    text(root, "token"),
                    text(root, "appId"),
                    text(root, "environment"));
        } catch (InvalidDeviceException e) {
            throw new HttpApiException(HttpError.INVALID_PAYLOAD, e.getMessage());
        }
    }

    private static String text(ObjectNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new HttpApiException(
                    HttpError.INVALID_PAYLOAD,
                    field + ": " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " (expected: a string)");
        }
        return node.asText();
    }
}
