package com.securevox.call.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Google's token endpoint and FCM HTTP v1 check in a request, with the answers they give when a check fails:
 * the JWT-bearer grant of "OAuth 2.0 for Server to Server Applications", and the {@code Message} resource of
 * {@code projects.messages.send}. Beyond FCM's own rules, the stand-in holds the server to what this project
 * promises (docs/protocol.md): a data-only, high-priority message with a TTL; a breach of those is answered like an
 * invalid argument too, so that a test which forgets to look at the problems still sees the push fail.
 */
final class FcmChecks {
    static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    /** FCM's longest TTL: four weeks. */
    static final long MAX_TTL_SECONDS = 2_419_200;
    /** FCM's limit on a message's data. */
    static final int MAX_DATA_BYTES = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** protobuf's Duration in JSON: seconds, up to nine fractional digits, then {@code s}. */
    private static final Pattern TTL = Pattern.compile("([0-9]{1,12})(\\.[0-9]{1,9})?s");

    private static final Set<String> REQUEST_FIELDS = Set.of("message", "validate_only", "validateOnly");
    private static final Set<String> MESSAGE_FIELDS = Set.of(
            "name",
            "data",
            "notification",
            "android",
            "webpush",
            "apns",
            "fcm_options",
            "fcmOptions",
            "token",
            "topic",
            "condition");
    private static final Set<String> ANDROID_FIELDS = Set.of(
            "collapse_key",
            "collapseKey",
            "priority",
            "ttl",
            "restricted_package_name",
            "restrictedPackageName",
            "data",
            "notification",
            "fcm_options",
            "fcmOptions",
            "direct_boot_ok",
            "directBootOk");
    /** Keys FCM refuses in {@code data}: its own words, and any starting with {@code google} or {@code gcm}. */
    private static final Set<String> RESERVED_KEYS = Set.of("from", "message_type", "notification");

    private FcmChecks() {}

    /** How a check failed: the provider's answer, and what the test should be told. */
    record Refusal(int status, String body, Map<String, String> headers, String problem) {}

    /** Who the token endpoint knows: the service account's public key, its id and e-mail, and its own URL. */
    record Account(RSAPublicKey key, String keyId, String email, String tokenUri) {}

    /**
     * The grant's checks, in Google's order; the verified claims are handed to {@code seen} before the claims are
     * checked.
     */
    static Optional<Refusal> grant(
            String method,
            String contentType,
            Map<String, List<String>> form,
            Account account,
            Instant now,
            List<JWTClaimsSet> seen) {
        if (!method.equals("POST")) {
            return Optional.of(oauth(405, "invalid_request", "method " + method + " (expected: POST)"));
        }
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            return Optional.of(
                    oauth(400, "invalid_request", "Content-Type " + contentType + " (expected: a form, urlencoded)"));
        }
        for (var field : form.entrySet()) {
            if (field.getValue().size() > 1) {
                return Optional.of(oauth(400, "invalid_request", field.getKey() + " given twice"));
            }
        }
        String grantType = first(form, "grant_type");
        if (!GRANT.equals(grantType)) {
            return Optional.of(oauth(400, "unsupported_grant_type", "Invalid grant_type: " + grantType));
        }
        String assertion = first(form, "assertion");
        if (assertion == null) {
            return Optional.of(oauth(400, "invalid_request", "assertion missing"));
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Optional.of(oauth(400, "invalid_grant", "Invalid JWT: not a signed JWT: " + e.getMessage()));
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            return Optional.of(oauth(
                    400, "invalid_grant", "Invalid JWT: alg " + jwt.getHeader().getAlgorithm()));
        }
        if (!account.keyId().equals(jwt.getHeader().getKeyID())) {
            // Google picks the public key by kid: another kid is another key, and the signature cannot verify.
            return Optional.of(oauth(
                    400,
                    "invalid_grant",
                    "Invalid JWT Signature. (kid " + jwt.getHeader().getKeyID() + ", expected: the private_key_id "
                            + account.keyId() + ")"));
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(account.key()))) {
                return Optional.of(oauth(400, "invalid_grant", "Invalid JWT Signature."));
            }
        } catch (JOSEException e) {
            return Optional.of(oauth(400, "invalid_grant", "Invalid JWT Signature. (" + e.getMessage() + ")"));
        }
        seen.add(claims);
        if (!account.email().equals(claims.getIssuer())) {
            return Optional.of(oauth(
                    400, "invalid_grant", "Invalid JWT: iss " + claims.getIssuer() + " (expected: the client_email)"));
        }
        if (!List.of(account.tokenUri()).equals(claims.getAudience())) {
            return Optional.of(oauth(
                    400,
                    "invalid_grant",
                    "Invalid JWT: Failed audience check. (aud " + claims.getAudience() + ", expected: the token_uri "
                            + account.tokenUri() + ")"));
        }
        Object scope = claims.getClaim("scope");
        if (!(scope instanceof String scopes)
                || !Arrays.asList(scopes.split(" ")).contains(SCOPE)) {
            return Optional.of(oauth(
                    400,
                    "invalid_scope",
                    "Invalid OAuth scope or ID token audience provided. (scope " + scope + ", expected: " + SCOPE
                            + " among space-separated scopes)"));
        }
        if (claims.getIssueTime() == null || claims.getExpirationTime() == null) {
            return Optional.of(oauth(400, "invalid_grant", "Invalid JWT: iat and exp are required"));
        }
        Instant iat = claims.getIssueTime().toInstant();
        Instant exp = claims.getExpirationTime().toInstant();
        if (Duration.between(iat, now).abs().compareTo(Duration.ofMinutes(1)) > 0
                || !exp.isAfter(now)
                || Duration.between(iat, exp).compareTo(Duration.ofHours(1)) > 0) {
            return Optional.of(oauth(
                    400,
                    "invalid_grant",
                    "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check"
                            + " your iat and exp values in the JWT claim. (iat " + iat + ", exp " + exp + ", now "
                            + now + ")"));
        }
        return Optional.empty();
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static Refusal oauth(int status, String error, String description) {
        ObjectNode body = JSON.createObjectNode().put("error", error).put("error_description", description);
        return new Refusal(status, body.toString(), Map.of(), "token: " + error + ": " + description);
    }

    /** The body's checks, after the method, path, credentials and content type passed. */
    static Optional<Refusal> message(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            return Optional.of(invalid(
                    "Invalid JSON payload received. "
                            + e.getMessage().lines().findFirst().orElse(""),
                    null));
        }
        if (root == null || !root.isObject()) {
            return Optional.of(invalid("Invalid JSON payload received. Expected an object.", null));
        }
        Optional<Refusal> unknown = unknownField(root, REQUEST_FIELDS, "");
        if (unknown.isPresent()) {
            return unknown;
        }
        JsonNode message = root.path("message");
        if (!message.isObject()) {
            return Optional.of(invalid(
                    "Invalid value at 'message' (type.googleapis.com/google.firebase.fcm.v1"
                            + ".Message), expected an object",
                    "message"));
        }
        unknown = unknownField(message, MESSAGE_FIELDS, "message");
        if (unknown.isPresent()) {
            return unknown;
        }
        long targets = MESSAGE_FIELDS.stream()
                .filter(f -> f.equals("token") || f.equals("topic") || f.equals("condition"))
                .filter(message::has)
                .count();
        if (targets == 0) {
            return Optional.of(invalid("Recipient of the message is not set.", "message"));
        }
        if (targets > 1) {
            return Optional.of(invalid("Invalid JSON payload received. oneof field 'target' is already set.", null));
        }
        if (!message.path("token").isTextual() || message.path("token").asText().isEmpty()) {
            return Optional.of(invalid(
                    "The registration token is not a valid FCM registration token (this server sends to tokens"
                            + " only)",
                    "message.token"));
        }
        Optional<Refusal> data = data(message.path("data"));
        if (data.isPresent()) {
            return data;
        }
        if (message.has("notification") || message.path("android").has("notification")) {
            return Optional.of(invalid(
                    "a notification message (expected: data only, so the app's handler runs; docs/protocol.md)",
                    "message.notification"));
        }
        return android(message.path("android"));
    }

    private static Optional<Refusal> data(JsonNode data) {
        if (!data.isObject() || data.isEmpty()) {
            return Optional.of(invalid("message.data missing (expected: the ring, docs/protocol.md)", "message.data"));
        }
        int size = 0;
        int index = 0;
        for (var field : data.properties()) {
            String key = field.getKey();
            if (!field.getValue().isTextual()) {
                return Optional.of(invalid(
                        "Invalid value at 'message.data[" + index + "].value' (TYPE_STRING), " + field.getValue(),
                        "message.data[" + index + "].value"));
            }
            if (RESERVED_KEYS.contains(key) || key.startsWith("google") || key.startsWith("gcm")) {
                return Optional.of(invalid("Invalid data payload key: " + key, "message.data"));
            }
            size += key.getBytes(StandardCharsets.UTF_8).length
                    + field.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
            index++;
        }
        if (size > MAX_DATA_BYTES) {
            return Optional.of(invalid(
                    "Message is too big: data of " + size + " bytes (FCM's limit: " + MAX_DATA_BYTES + ")", "message"));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> android(JsonNode android) {
        if (!android.isObject()) {
            return Optional.of(
                    invalid("message.android missing (expected: priority HIGH and a ttl)", "message.android"));
        }
        Optional<Refusal> unknown = unknownField(android, ANDROID_FIELDS, "message.android");
        if (unknown.isPresent()) {
            return unknown;
        }
        String priority = android.path("priority").asText("");
        if (!List.of("HIGH", "NORMAL", "high", "normal").contains(priority)) {
            return Optional.of(invalid(
                    "Invalid value at 'message.android.priority' (type.googleapis.com/google.firebase.fcm.v1"
                            + ".AndroidMessagePriority), " + android.path("priority"),
                    "message.android.priority"));
        }
        if (!priority.equalsIgnoreCase("HIGH")) {
            return Optional.of(invalid(
                    "android.priority " + priority + " (expected: HIGH, which alone wakes a phone in Doze)",
                    "message.android.priority"));
        }
        var ttl = TTL.matcher(android.path("ttl").asText(""));
        if (!android.path("ttl").isTextual() || !ttl.matches()) {
            return Optional.of(invalid(
                    "Invalid value at 'message.android.ttl' (type.googleapis.com/google.protobuf.Duration), "
                            + android.path("ttl"),
                    "message.android.ttl"));
        }
        if (Long.parseLong(ttl.group(1)) > MAX_TTL_SECONDS) {
            return Optional.of(
                    invalid("Invalid value at 'message.android.ttl': more than 4 weeks", "message.android.ttl"));
        }
        if (android.has("collapse_key") && !android.path("collapse_key").isTextual()) {
            return Optional.of(invalid(
                    "Invalid value at 'message.android.collapse_key' (TYPE_STRING), " + android.path("collapse_key"),
                    "message.android.collapse_key"));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> unknownField(JsonNode object, Set<String> known, String at) {
        for (var field : object.properties()) {
            if (!known.contains(field.getKey())) {
                return Optional.of(invalid(
                        "Invalid JSON payload received. Unknown name \"" + field.getKey() + "\""
                                + (at.isEmpty() ? "" : " at '" + at + "'") + ": Cannot find field.",
                        at.isEmpty() ? null : at));
            }
        }
        return Optional.empty();
    }

    /**
     * FCM's 400: a {@code google.rpc.Status} with an FcmError detail and, when a field is to blame, a BadRequest
     * detail naming it (which is how FCM says a token is malformed).
     */
    static Refusal invalid(String message, String field) {
        ObjectNode error = status(400, message, "INVALID_ARGUMENT");
        var details = error.putArray("details");
        details.addObject()
                .put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                .put("errorCode", "INVALID_ARGUMENT");
        if (field != null) {
            details.addObject()
                    .put("@type", "type.googleapis.com/google.rpc.BadRequest")
                    .putArray("fieldViolations")
                    .addObject()
                    .put("field", field)
                    .put("description", message);
        }
        return new Refusal(400, wrap(error), Map.of(), "send: " + message);
    }

    /** A {@code google.rpc.Status} without details, as Google's front end answers before FCM sees the request. */
    static Refusal status(int code, String status, String message, Map<String, String> headers) {
        return new Refusal(code, wrap(status(code, message, status)), headers, "send: " + message);
    }

    private static ObjectNode status(int code, String message, String status) {
        return JSON.createObjectNode().put("code", code).put("message", message).put("status", status);
    }

    private static String wrap(ObjectNode error) {
        ObjectNode root = JSON.createObjectNode();
        root.set("error", error);
        return root.toString();
    }
}
