package com.securevox.call.push;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parts of a Google service-account JSON key that FCM needs. The key file is outside input (an operator downloads
 * it from the Firebase console), so it is read strictly and every problem is named: which field, what it held (never
 * the private key), what was expected.
 *
 * @param keyId {@code private_key_id}, sent as the assertion's {@code kid} when present
 * @param tokenUri where access tokens are asked for: Google's, or a local stand-in in tests
 */
public record ServiceAccount(
        String projectId, String clientEmail, RSAPrivateKey privateKey, Optional<String> keyId, URI tokenUri) {

    private static final ObjectReader READER =
            new ObjectMapper().reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,61}[a-z0-9]|[a-z0-9.:-]{1,100}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,200}@[A-Za-z0-9.-]{1,200}");
    private static final int MAX_BYTES = 64 * 1024;

    public ServiceAccount {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(clientEmail, "clientEmail");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(tokenUri, "tokenUri");
    }

    /**
     * Reads a service-account key JSON.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    public static ServiceAccount parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw invalid("the file: " + json.length + " bytes (expected: a service-account key of at most " + MAX_BYTES
                    + " bytes)");
        }
        JsonNode root;
        try (JsonParser parser = READER.createParser(json)) {
            root = READER.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw invalid("the file: content after the JSON object (expected: one JSON object)");
            }
        } catch (IOException e) {
            throw invalid(
                    "the file: not valid JSON (expected: the service-account key JSON from the Firebase console)");
        }
        if (!(root instanceof ObjectNode object)) {
            throw invalid("the file: not a JSON object (expected: the service-account key JSON)");
        }
        Optional<String> type = optional(object, "type");
        if (type.isPresent() && !type.get().equals("service_account")) {
            throw invalid("type: " + shown(type.get()) + " (expected: \"service_account\")");
        }
        String projectId = required(object, "project_id");
        if (!PROJECT_ID.matcher(projectId).matches()) {
            throw invalid("project_id: " + shown(projectId) + " (expected: a Firebase project id such as my-app-1234)");
        }
        String clientEmail = required(object, "client_email");
        if (!EMAIL.matcher(clientEmail).matches()) {
            throw invalid("client_email: " + shown(clientEmail)
                    + " (expected: the service account's e-mail address, …@….iam.gserviceaccount.com)");
        }
        RSAPrivateKey key = privateKey(required(object, "private_key"));
        Optional<String> keyId = optional(object, "private_key_id");
        URI tokenUri = tokenUri(optional(object, "token_uri").orElse("https://oauth2.googleapis.com/token"));
        return new ServiceAccount(projectId, clientEmail, key, keyId, tokenUri);
    }

    private static RSAPrivateKey privateKey(String pem) {
        String body = pem.strip();
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        if (!body.startsWith(begin) || !body.endsWith(end)) {
            throw invalid("private_key: not a PEM \"PRIVATE KEY\" (expected: the PKCS#8 RSA key from the Firebase"
                    + " console, -----BEGIN PRIVATE KEY-----…)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(body.substring(begin.length(), body.length() - end.length()));
            if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))
                    instanceof RSAPrivateKey rsa) {
                if (rsa.getModulus().bitLength() < 2048) {
                    throw invalid("private_key: an RSA key of "
                            + rsa.getModulus().bitLength() + " bits (expected: at least 2048)");
                }
                return rsa;
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("private_key: an RSA key")) {
                throw e;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // Not base64 or not an RSA key: one message below.
        }
        throw invalid("private_key: not a readable RSA private key (expected: the PKCS#8 RSA key from the Firebase"
                + " console)");
    }

    private static URI tokenUri(String raw) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw invalid(
                    "token_uri: " + shown(raw) + " (expected: an https URL, https://oauth2.googleapis.com/token)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost();
        // The grant carries a signed assertion that is as good as the key for an hour: never in the clear.
        if (!scheme.equals("https") || host.isEmpty() || uri.getRawUserInfo() != null) {
            throw invalid(
                    "token_uri: " + shown(raw) + " (expected: an https URL, https://oauth2.googleapis.com/token)");
        }
        return uri;
    }

    private static String required(ObjectNode object, String field) {
        return optional(object, field)
                .orElseThrow(
                        () -> invalid(field + ": missing (expected: a string, as in the service-account key JSON)"));
    }

    private static Optional<String> optional(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw invalid(field + ": " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " (expected: a string)");
        }
        if (node.asText().isEmpty()) {
            throw invalid(field + ": \"\" (expected: a non-empty string)");
        }
        return Optional.of(node.asText());
    }

    private static String shown(String value) {
        return DeviceRegistration.shown(value, 60);
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(message);
    }

    @Override
    public String toString() {
        return "ServiceAccount[projectId=" + projectId + ", clientEmail=" + clientEmail + ", privateKey=***, tokenUri="
                + tokenUri + "]";
    }
}
