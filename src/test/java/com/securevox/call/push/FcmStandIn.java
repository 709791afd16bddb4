package com.securevox.call.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A local stand-in for Google's OAuth token endpoint and FCM HTTP v1's send, over plain HTTP. It checks what the
 * providers document: the JWT-bearer grant with an RS256 assertion signed by the service account's key (verified with
 * the public half) and its claims; a send's method, path, {@code Authorization: Bearer} with a token it issued and
 * that has not expired, JSON content type, {@code message.token}, a data-only message with string values under 4 KB,
 * {@code android.priority} HIGH and {@code android.ttl} as seconds. Anything off is recorded in {@link #problems} and
 * answered 400, so a test that forgets to look still fails on the missing push.
 */
public final class FcmStandIn implements AutoCloseable {
    static final String PROJECT = "test-project";
    static final String EMAIL = "push@test-project.iam.gserviceaccount.com";
    private static final Pattern TTL = Pattern.compile("[0-9]{1,9}s");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the stand-in answers one send to a token: status, body and headers. */
    public record Answer(int status, String body, Map<String, String> headers) {
        public static final Answer OK = new Answer(200, "{\"name\":\"projects/" + PROJECT + "/messages/1\"}", Map.of());

        public static Answer fcmError(int status, String statusName, String errorCode) {
            return new Answer(
                    status,
                    "{\"error\":{\"code\":" + status + ",\"message\":\"" + errorCode + "\",\"status\":\"" + statusName
                            + "\",\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
                            + "\"errorCode\":\"" + errorCode + "\"}]}}",
                    Map.of());
        }
    }

    /** A send as received: when, and the whole body. */
    public record Received(Instant at, JsonNode message) {}

    final KeyPair keys;
    public final List<String> problems = new CopyOnWriteArrayList<>();
    final List<Received> sends = new CopyOnWriteArrayList<>();
    final List<JWTClaimsSet> assertions = new CopyOnWriteArrayList<>();
    private final Map<String, Iterator<Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();
    private final AtomicInteger tokenCounter = new AtomicInteger();
    private final Clock clock;
    private final HttpServer server;
    private final Duration tokenLifetime;

    public FcmStandIn(Clock clock, Duration tokenLifetime) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.keys = generator.generateKeyPair();
        this.clock = clock;
        this.tokenLifetime = tokenLifetime;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/v1/", this::send);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String tokenUri() {
        return base() + "/token";
    }

    /** The service-account JSON of this stand-in, as the Firebase console hands it out. */
    public byte[] serviceAccountJson() throws IOException {
        Map<String, String> account = new HashMap<>();
        account.put("type", "service_account");
        account.put("project_id", PROJECT);
        account.put("private_key_id", "key-1");
        account.put(
                "private_key",
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(keys.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        account.put("client_email", EMAIL);
        account.put("client_id", "1234567890");
        account.put("token_uri", tokenUri());
        return JSON.writeValueAsBytes(account);
    }

    /** The answers to the sends to this token, in order; the last repeats. */
    public void answer(String token, Answer... sequence) {
        List<Answer> list = List.of(sequence);
        answers.put(token, new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public synchronized Answer next() {
                return list.get(Math.min(next++, list.size() - 1));
            }
        });
    }

    int tokensIssued() {
        return tokenCounter.get();
    }

    public List<Received> sendsTo(String token) {
        return sends.stream()
                .filter(r -> r.message().path("message").path("token").asText().equals(token))
                .toList();
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new HashMap<>();
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            Optional<String> problem = tokenProblem(exchange, form);
            if (problem.isPresent()) {
                problems.add("token: " + problem.get());
                respond(exchange, 400, "{\"error\":\"invalid_grant\"}", Map.of());
                return;
            }
            String token = "access-" + tokenCounter.incrementAndGet();
            issued.put(token, clock.instant().plus(tokenLifetime));
            respond(
                    exchange,
                    200,
                    "{\"access_token\":\"" + token + "\",\"expires_in\":" + tokenLifetime.toSeconds()
                            + ",\"token_type\":\"Bearer\"}",
                    Map.of());
        }
    }

    private Optional<String> tokenProblem(HttpExchange exchange, Map<String, String> form) {
        if (!exchange.getRequestMethod().equals("POST")) {
            return Optional.of("method " + exchange.getRequestMethod());
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            return Optional.of("Content-Type " + type);
        }
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return Optional.of("grant_type " + form.get("grant_type"));
        }
        try {
            SignedJWT jwt = SignedJWT.parse(form.get("assertion"));
            if (!jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.RS256)) {
                return Optional.of("alg " + jwt.getHeader().getAlgorithm());
            }
            if (!"key-1".equals(jwt.getHeader().getKeyID())) {
                return Optional.of("kid " + jwt.getHeader().getKeyID());
            }
            if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))) {
                return Optional.of("the assertion's signature does not verify");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            assertions.add(claims);
            if (!EMAIL.equals(claims.getIssuer())) {
                return Optional.of("iss " + claims.getIssuer());
            }
            if (!"https://www.googleapis.com/auth/firebase.messaging".equals(claims.getStringClaim("scope"))) {
                return Optional.of("scope " + claims.getStringClaim("scope"));
            }
            if (!List.of(tokenUri()).equals(claims.getAudience())) {
                return Optional.of("aud " + claims.getAudience());
            }
            Instant iat = claims.getIssueTime().toInstant();
            Instant exp = claims.getExpirationTime().toInstant();
            if (Duration.between(iat, clock.instant()).abs().compareTo(Duration.ofMinutes(1)) > 0) {
                return Optional.of("iat " + iat + " is not now (" + clock.instant() + ")");
            }
            if (!exp.isAfter(iat) || Duration.between(iat, exp).compareTo(Duration.ofHours(1)) > 0) {
                return Optional.of("exp " + exp + " (expected: after iat " + iat + ", at most 1 h)");
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("assertion: " + e);
        }
    }

    private void send(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            Optional<String> problem = Optional.empty();
            JsonNode root = null;
            try {
                root = JSON.readTree(bytes);
            } catch (IOException e) {
                problem = Optional.of("body is not JSON");
            }
            if (problem.isEmpty()) {
                problem = sendProblem(exchange, root);
            }
            if (problem.isPresent()) {
                problems.add("send: " + problem.get());
                respond(
                        exchange,
                        400,
                        Answer.fcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT")
                                .body(),
                        Map.of());
                return;
            }
            sends.add(new Received(clock.instant(), root));
            String token = root.path("message").path("token").asText();
            Answer answer =
                    Optional.ofNullable(answers.get(token)).map(Iterator::next).orElse(Answer.OK);
            respond(exchange, answer.status(), answer.body(), answer.headers());
        }
    }

    private Optional<String> sendProblem(HttpExchange exchange, JsonNode root) {
        if (!exchange.getRequestMethod().equals("POST")) {
            return Optional.of("method " + exchange.getRequestMethod());
        }
        if (!exchange.getRequestURI().getPath().equals("/v1/projects/" + PROJECT + "/messages:send")) {
            return Optional.of("path " + exchange.getRequestURI().getPath());
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.of("Authorization " + authorization);
        }
        Instant expiry = issued.get(authorization.substring("Bearer ".length()));
        if (expiry == null) {
            return Optional.of("an access token this endpoint never issued");
        }
        if (!clock.instant().isBefore(expiry)) {
            return Optional.of("an expired access token");
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return Optional.of("Content-Type " + type);
        }
        JsonNode message = root.path("message");
        if (!message.path("token").isTextual() || message.path("token").asText().isEmpty()) {
            return Optional.of("message.token missing");
        }
        if (message.has("notification")) {
            return Optional.of("a notification message (expected: data only)");
        }
        JsonNode data = message.path("data");
        if (!data.isObject() || data.isEmpty()) {
            return Optional.of("message.data missing");
        }
        int size = 0;
        for (var field : data.properties()) {
            if (!field.getValue().isTextual()) {
                return Optional.of("data." + field.getKey() + " is not a string");
            }
            size += field.getKey().getBytes(StandardCharsets.UTF_8).length
                    + field.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size >= 4096) {
            return Optional.of("data of " + size + " bytes (FCM's limit: 4096)");
        }
        JsonNode android = message.path("android");
        if (!android.path("priority").asText().equals("HIGH")) {
            return Optional.of("android.priority " + android.path("priority"));
        }
        if (!TTL.matcher(android.path("ttl").asText()).matches()) {
            return Optional.of("android.ttl " + android.path("ttl"));
        }
        return Optional.empty();
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
