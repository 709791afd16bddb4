package com.securevox.call.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.securevox.call.testing.TestPki;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for Google's OAuth token endpoint and FCM HTTP v1's send, over HTTPS with a certificate of its own
 * test CA ({@link #caCertificate()}, which the server trusts through {@code SECUREVOX_CALL_FCM_CA}). What it checks
 * is in {@link FcmChecks}; on top of that, a send needs {@code Authorization: Bearer} with a token this endpoint
 * issued and that has not expired, else 401 as Google answers. Anything off is recorded in {@link #problems} and
 * answered as Google would, so a test that forgets to look still fails on the missing push. A token the test revoked
 * ({@link #revokeAccessTokens()}) is refused with 401 without being a problem: that is how Google ends a token early.
 */
public final class FcmStandIn implements AutoCloseable {
    static final String PROJECT = "test-project";
    static final String EMAIL = "push@test-project.iam.gserviceaccount.com";
    static final String KEY_ID = "key-1";
    private static final String SEND_PATH = "/v1/projects/" + PROJECT + "/messages:send";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORE_PASSWORD = "stand-in";

    /** How the stand-in answers one send to a token: status, body and headers. */
    public record Answer(int status, String body, Map<String, String> headers) {
        public static final Answer OK = new Answer(200, "{\"name\":\"projects/" + PROJECT + "/messages/1\"}", Map.of());
        /** FCM's answer for a token whose app was uninstalled. */
        public static final Answer UNREGISTERED = fcmError(404, "NOT_FOUND", "UNREGISTERED");

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
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenCounter = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final Clock clock;
    private final HttpsServer server;
    private final Duration tokenLifetime;
    private final Path caCertificate;

    /**
     * @param dir where the stand-in's test CA and certificate are made (the caller deletes it)
     */
    public FcmStandIn(Clock clock, Duration tokenLifetime, Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.keys = generator.generateKeyPair();
        this.clock = clock;
        this.tokenLifetime = tokenLifetime;
        TestPki pki = TestPki.create(dir);
        this.caCertificate = pki.caCertificate();
        Path keystore = pki.pkcs12(pki.leaf("fcm", 1), "fcm.p12", STORE_PASSWORD);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls(keystore)));
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    private static SSLContext tls(Path keystore) throws Exception {
        return TestPki.serverContext(keystore, STORE_PASSWORD);
    }

    public String base() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    String tokenUri() {
        return base() + "/token";
    }

    /** The CA that signed the stand-in's certificate, as PEM: what {@code SECUREVOX_CALL_FCM_CA} names. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** The service-account JSON of this stand-in, as the Firebase console hands it out. */
    public byte[] serviceAccountJson() throws IOException {
        Map<String, String> account = new HashMap<>();
        account.put("type", "service_account");
        account.put("project_id", PROJECT);
        account.put("private_key_id", KEY_ID);
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

    /** Ends every access token issued so far, as Google does when a key is rotated: sends with them get 401. */
    public void revokeAccessTokens() {
        revoked.addAll(issued.keySet());
    }

    int tokensIssued() {
        return tokenCounter.get();
    }

    /** Every HTTP request that reached the stand-in, token requests included: none when TLS failed. */
    public int requestsReceived() {
        return requests.get();
    }

    public List<Received> sendsTo(String token) {
        return sends.stream()
                .filter(r -> r.message().path("message").path("token").asText().equals(token))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/token")) {
                token(exchange);
            } else if (path.startsWith("/v1/")) {
                send(exchange);
            } else {
                refuse(
                        exchange,
                        FcmChecks.status(
                                404,
                                "NOT_FOUND",
                                "path " + path + " (expected: /token or " + SEND_PATH + ")",
                                Map.of()));
            }
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, List<String>> form = form(exchange.getRequestBody().readAllBytes());
        Optional<FcmChecks.Refusal> refusal = FcmChecks.grant(
                exchange.getRequestMethod(),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                form,
                new FcmChecks.Account((RSAPublicKey) keys.getPublic(), KEY_ID, EMAIL, tokenUri()),
                clock.instant(),
                assertions);
        if (refusal.isPresent()) {
            refuse(exchange, refusal.get());
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

    private static Map<String, List<String>> form(byte[] body) {
        Map<String, List<String>> form = new HashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return form;
        }
        for (String pair : text.split("&")) {
            String[] kv = pair.split("=", 2);
            form.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    private void send(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        Optional<FcmChecks.Refusal> refusal = beforeTheBody(exchange);
        if (refusal.isEmpty()) {
            refusal = FcmChecks.message(bytes);
        }
        if (refusal.isPresent()) {
            refuse(exchange, refusal.get());
            return;
        }
        JsonNode root = JSON.readTree(bytes);
        sends.add(new Received(clock.instant(), root));
        String token = root.path("message").path("token").asText();
        Answer answer =
                Optional.ofNullable(answers.get(token)).map(Iterator::next).orElse(Answer.OK);
        respond(exchange, answer.status(), answer.body(), answer.headers());
    }

    /** What Google's front end checks before FCM reads the message: the URL, the credentials, the content type. */
    private Optional<FcmChecks.Refusal> beforeTheBody(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.matches("/v1/projects/[^/]+/messages:send")) {
            return Optional.of(
                    FcmChecks.status(404, "NOT_FOUND", "path " + path + " (expected: " + SEND_PATH + ")", Map.of()));
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            return Optional.of(FcmChecks.status(
                    405,
                    "METHOD_NOT_ALLOWED",
                    "method " + exchange.getRequestMethod() + " (expected: POST)",
                    Map.of()));
        }
        Optional<FcmChecks.Refusal> unauthenticated =
                credentials(exchange.getRequestHeaders().getFirst("Authorization"));
        if (unauthenticated.isPresent()) {
            return unauthenticated;
        }
        if (!path.equals(SEND_PATH)) {
            return Optional.of(FcmChecks.status(
                    403,
                    "PERMISSION_DENIED",
                    "Permission 'cloudmessaging.messages.create' denied on resource (path " + path + ", expected: "
                            + SEND_PATH + ", the service account's project_id)",
                    Map.of()));
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return Optional.of(FcmChecks.invalid(
                    "Invalid JSON payload received: Content-Type " + type + " (expected: application/json)", null));
        }
        return Optional.empty();
    }

    private Optional<FcmChecks.Refusal> credentials(String authorization) {
        Map<String, String> challenge = Map.of("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.of(FcmChecks.status(
                    401,
                    "UNAUTHENTICATED",
                    "Request is missing required authentication credential. Expected OAuth 2 access token"
                            + " (Authorization " + authorization + ")",
                    challenge));
        }
        String token = authorization.substring("Bearer ".length());
        if (revoked.contains(token)) {
            return Optional.of(new FcmChecks.Refusal(
                    401,
                    FcmChecks.status(
                                    401,
                                    "UNAUTHENTICATED",
                                    "Request had invalid authentication credentials.",
                                    challenge)
                            .body(),
                    challenge,
                    ""));
        }
        Instant expiry = issued.get(token);
        String why = expiry == null
                ? "an access token this endpoint never issued"
                : !clock.instant().isBefore(expiry) ? "an access token that expired at " + expiry : "";
        if (!why.isEmpty()) {
            return Optional.of(FcmChecks.status(
                    401,
                    "UNAUTHENTICATED",
                    "Request had invalid authentication credentials. Expected OAuth 2 access token (" + why + ")",
                    challenge));
        }
        return Optional.empty();
    }

    private void refuse(HttpExchange exchange, FcmChecks.Refusal refusal) throws IOException {
        if (!refusal.problem().isEmpty()) {
            problems.add(refusal.problem());
        }
        respond(exchange, refusal.status(), refusal.body(), refusal.headers());
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
