package com.securevox.call.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an FCM HTTP v1 error answer means for the device. The body is a {@code google.rpc.Status} ({@code {"error":
 * {"code", "message", "status", "details": [{"@type": "…FcmError", "errorCode"}, {"@type": "…BadRequest",
 * "fieldViolations": [{"field"}]}]}}}); it comes from outside, so anything in it may be missing or odd, and the status
 * code alone then decides.
 */
final class FcmErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CODE = Pattern.compile("[A-Z_]{1,40}");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,6}");
    private static final int CLIP = 200;

    private FcmErrors() {}

    /**
     * @param retryAfter the {@code Retry-After} header, if any
     * @param registeredAt the device's registration time: a dead token is removed only if not registered since
     */
    static Delivery classify(int status, String body, Optional<String> retryAfter, Instant registeredAt, Clock clock) {
        Optional<JsonNode> error = error(body);
        String code = error.flatMap(FcmErrors::fcmErrorCode)
                .or(() -> error.map(e -> e.path("status").asText(""))
                        .filter(s -> CODE.matcher(s).matches()))
                .orElse("HTTP_" + status);
        Optional<Duration> after = retryAfter.flatMap(value -> retryAfter(value, clock));
        return switch (code) {
            case "UNREGISTERED", "SENDER_ID_MISMATCH" -> new Delivery.Gone(code, registeredAt);
            case "INVALID_ARGUMENT" ->
                error.filter(FcmErrors::aboutTheToken).isPresent()
                        ? new Delivery.Gone(code, registeredAt)
                        : new Delivery.Failed(code);
            case "QUOTA_EXCEEDED", "UNAVAILABLE", "INTERNAL" -> new Delivery.Retry(code, after);
            default -> {
                if (status == 429 || status == 500 || status == 503) {
                    yield new Delivery.Retry(code, after);
                }
                yield new Delivery.Failed(code);
            }
        };
    }

    private static Optional<JsonNode> error(String body) {
        if (body == null || body.length() > 64 * 1024) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(body);
            return root != null && root.path("error").isObject() ? Optional.of(root.get("error")) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> fcmErrorCode(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            if (detail.path("@type").asText("").endsWith("google.firebase.fcm.v1.FcmError")) {
                String code = detail.path("errorCode").asText("");
                if (CODE.matcher(code).matches()) {
                    return Optional.of(code);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an INVALID_ARGUMENT is about the token rather than the message: FCM names the field in a BadRequest
     * detail, or (older answers) says so in the message.
     */
    private static boolean aboutTheToken(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            for (JsonNode violation : detail.path("fieldViolations")) {
                if (violation.path("field").asText("").equals("message.token")) {
                    return true;
                }
            }
        }
        return error.path("message").asText("").contains("registration token");
    }

    /** {@code Retry-After} as seconds or an HTTP date; ignored when it is neither. */
    static Optional<Duration> retryAfter(String value, Clock clock) {
        String v = value.strip();
        if (SECONDS.matcher(v).matches()) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Part of an answer for a log line. */
    static String clip(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > CLIP ? flat.substring(0, CLIP) + "…" : flat;
    }
}
