package com.securevox.call.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.locks.ReentrantLock;

/**
 * OAuth2 access tokens for FCM by the JWT-bearer grant (RFC 7523, Google's "OAuth 2.0 for Server to Server
 * Applications"): an RS256 assertion signed with the service account's key, posted to its {@code token_uri}. A token
 * is kept until {@link #REFRESH_BEFORE} its expiry, so sends do not wait for Google, and one refresh runs at a time
 * (a lock, never held by anything but the refresh itself).
 */
final class FcmAccessTokens {
    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ServiceAccount account;
    private final HttpClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Token current;

    private record Token(String value, Instant expiresAt) {}

    /** Why no token came. */
    enum Failure {
        /** The endpoint failed or was unreachable: trying again later may work. */
        PASSING,
        /** The endpoint refused the grant: the service account is wrong. */
        REFUSED,
        /** The endpoint's certificate is not trusted: the URL, or {@code SECUREVOX_CALL_FCM_CA}, is wrong. */
        UNTRUSTED
    }

    /** The token endpoint refused or failed, and how. */
    static final class TokenException extends Exception {
        final Failure failure;

        TokenException(String message, Failure failure) {
            super(message);
            this.failure = failure;
        }
    }

    FcmAccessTokens(ServiceAccount account, HttpClient http, Clock clock) {
        this.account = account;
        this.http = http;
        this.clock = clock;
    }

    /** A token good for at least a few more minutes; blocks while one is fetched (call from a virtual thread). */
    String token() throws TokenException {
        Token token = current;
        if (fresh(token)) {
            return token.value();
        }
        refreshing.lock();
        try {
            token = current;
            if (fresh(token)) {
                return token.value();
            }
            current = fetch();
            return current.value();
        } finally {
            refreshing.unlock();
        }
    }

    /** Forgets a token FCM refused (401), so that the next send fetches another. */
    void invalidate(String refused) {
        Token token = current;
        if (token != null && token.value().equals(refused)) {
            current = null;
        }
    }

    private boolean fresh(Token token) {
        return token != null && clock.instant().isBefore(token.expiresAt().minus(REFRESH_BEFORE));
    }

    private Token fetch() throws TokenException {
        Instant now = clock.instant();
        String body = "grant_type=" + URLEncoder.encode(GRANT, StandardCharsets.UTF_8) + "&assertion="
                + URLEncoder.encode(assertion(now), StandardCharsets.UTF_8);
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(account.tokenUri())
                            .timeout(TIMEOUT)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenException(
                    "token_uri " + account.tokenUri() + ": " + e,
                    FcmTrust.untrusted(e) ? Failure.UNTRUSTED : Failure.PASSING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException("interrupted", Failure.PASSING);
        }
        if (response.statusCode() != 200) {
            // 400/401 (invalid_grant, a deleted key): the configuration; 5xx and 429: passing.
            boolean passing = response.statusCode() == 429 || response.statusCode() >= 500;
            throw new TokenException(
                    "token_uri " + account.tokenUri() + " answered " + response.statusCode() + ": "
                            + FcmErrors.clip(response.body()),
                    passing ? Failure.PASSING : Failure.REFUSED);
        }
        try {
            JsonNode answer = json.readTree(response.body());
            JsonNode value = answer.get("access_token");
            JsonNode expiresIn = answer.get("expires_in");
            if (value == null
                    || !value.isTextual()
                    || value.asText().isEmpty()
                    || expiresIn == null
                    || !expiresIn.canConvertToLong()
                    || expiresIn.asLong() <= 0) {
                throw new TokenException(
                        "token_uri " + account.tokenUri() + ": no access_token and expires_in in its answer",
                        Failure.PASSING);
            }
            return new Token(value.asText(), clock.instant().plusSeconds(expiresIn.asLong()));
        } catch (IOException e) {
            throw new TokenException("token_uri " + account.tokenUri() + ": its answer is not JSON", Failure.PASSING);
        }
    }

    private String assertion(Instant now) throws TokenException {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
        account.keyId().ifPresent(header::keyID);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(account.clientEmail())
                .audience(account.tokenUri().toString())
                .claim("scope", SCOPE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(new RSASSASigner(account.privateKey()));
        } catch (JOSEException e) {
            throw new TokenException("cannot sign the assertion with the service account's key: " + e, Failure.REFUSED);
        }
        return jwt.serialize();
    }
}
