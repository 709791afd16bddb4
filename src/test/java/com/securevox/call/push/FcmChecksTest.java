package com.securevox.call.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stand-in's checks can fail: the client's own requests pass them, and each thing Google or FCM refuses (or this
 * project's promises rule out) is refused, with the provider's status and error.
 */
class FcmChecksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN_URI = "https://127.0.0.1:1/token";
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static KeyPair keys;
    private static KeyPair otherKeys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        otherKeys = generator.generateKeyPair();
    }

    private static FcmChecks.Account account() {
        return new FcmChecks.Account((RSAPublicKey) keys.getPublic(), "key-1", FcmStandIn.EMAIL, TOKEN_URI);
    }

    /** The client's message for a ring, as JSON to break. */
    private static ObjectNode clientMessage() throws Exception {
        byte[] body = FcmMessages.message(
                        "fcm-token:APA91b", new PushMessage.Ring(FcmPushTest.ring(NOW.plusSeconds(30))), NOW)
                .orElseThrow();
        return (ObjectNode) JSON.readTree(body);
    }

    @Test
    void theClientsMessagesPass() throws Exception {
        assertThat(FcmChecks.message(JSON.writeValueAsBytes(clientMessage()))).isEmpty();
        byte[] stop = FcmMessages.message(
                        "fcm-token:APA91b",
                        new PushMessage.Stop(
                                FcmPushTest.ring(NOW.plusSeconds(30)),
                                com.securevox.call.ring.RingPush.StopReason.MISSED),
                        NOW)
                .orElseThrow();
        assertThat(FcmChecks.message(stop)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level field  | /extra                       | 1                  | Unknown name "extra": Cannot find field.
            unknown message field    | /message/priority            | "high"             | Unknown name "priority" at 'message'
            unknown android field    | /message/android/ttl_seconds | 30                 | Unknown name "ttl_seconds" at 'message.android'
            a topic as well          | /message/topic               | "news"             | oneof field 'target' is already set
            an empty token           | /message/token               | ""                 | not a valid FCM registration token
            a number in data         | /message/data/duration       | 45000              | Invalid value at 'message.data[10].value' (TYPE_STRING), 45000
            a reserved data key      | /message/data/from           | "bob"              | Invalid data payload key: from
            a google data key        | /message/data/google.x       | "1"                | Invalid data payload key: google.x
            a notification           | /message/notification        | {"title":"Bob"}    | a notification message
            normal priority          | /message/android/priority    | "NORMAL"           | android.priority NORMAL (expected: HIGH
            an unknown priority      | /message/android/priority    | "URGENT"           | Invalid value at 'message.android.priority'
            a ttl in milliseconds    | /message/android/ttl         | "45000ms"          | Invalid value at 'message.android.ttl'
            a ttl as a number        | /message/android/ttl         | 45                 | Invalid value at 'message.android.ttl'
            a ttl over four weeks    | /message/android/ttl         | "2419201s"         | more than 4 weeks
            data over 4 KB           | /message/data/metadata       | "LONG"             | Message is too big
            a number as collapse key | /message/android/collapse_key| 7                  | Invalid value at 'message.android.collapse_key'
            """)
    void aBrokenMessageIsRefusedAsFcmDoes(String what, String pointer, String value, String expected) throws Exception {
        ObjectNode root = clientMessage();
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) root.at(pointer.substring(0, slash));
        parent.set(
                pointer.substring(slash + 1),
                value.equals("\"LONG\"") ? JSON.getNodeFactory().textNode("x".repeat(5000)) : JSON.readTree(value));

        Optional<FcmChecks.Refusal> refusal = FcmChecks.message(JSON.writeValueAsBytes(root));

        assertThat(refusal).as(what).isPresent();
        assertThat(refusal.get().status()).isEqualTo(400);
        assertThat(refusal.get().problem()).contains(expected);
        assertThat(JSON.readTree(refusal.get().body()).at("/error/status").asText())
                .isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void aMissingTokenAndBodiesThatAreNotAMessageAreRefused() throws Exception {
        ObjectNode root = clientMessage();
        ((ObjectNode) root.get("message")).remove("token");
        assertThat(FcmChecks.message(JSON.writeValueAsBytes(root)).orElseThrow().problem())
                .contains("Recipient of the message is not set.");
        assertThat(FcmChecks.message("not json".getBytes()).orElseThrow().problem())
                .contains("Invalid JSON payload received.");
        assertThat(FcmChecks.message("[]".getBytes()).orElseThrow().problem()).contains("Expected an object");
        assertThat(FcmChecks.message("{\"message\":\"x\"}".getBytes())
                        .orElseThrow()
                        .problem())
                .contains("Invalid value at 'message'");
    }

    private static String assertion(JWSHeader header, JWTClaimsSet claims, KeyPair signer) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(signer.getPrivate()));
        return jwt.serialize();
    }

    private static JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID("key-1");
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(FcmStandIn.EMAIL)
                .audience(TOKEN_URI)
                .claim("scope", FcmChecks.SCOPE)
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))));
    }

    private static Optional<FcmChecks.Refusal> grant(String method, String type, Map<String, List<String>> form) {
        return FcmChecks.grant(method, type, form, account(), NOW, new ArrayList<>());
    }

    private static Optional<FcmChecks.Refusal> grant(String assertion) {
        return grant(
                "POST",
                "application/x-www-form-urlencoded",
                Map.of("grant_type", List.of(FcmChecks.GRANT), "assertion", List.of(assertion)));
    }

    @Test
    void theJwtBearerGrantPassesWithEveryScopeListContainingFirebaseMessaging() throws Exception {
        assertThat(grant(assertion(header().build(), claims().build(), keys))).isEmpty();
        assertThat(grant(assertion(
                        header().build(),
                        claims().claim("scope", "https://www.googleapis.com/auth/cloud-platform " + FcmChecks.SCOPE)
                                .build(),
                        keys)))
                .isEmpty();
    }

    @Test
    void aBrokenGrantIsRefusedAsGoogleDoes() throws Exception {
        String good = assertion(header().build(), claims().build(), keys);
        Map<String, Optional<FcmChecks.Refusal>> refused = Map.ofEntries(
                Map.entry("invalid_request: method GET", grant("GET", "application/x-www-form-urlencoded", Map.of())),
                Map.entry(
                        "invalid_request: Content-Type application/json",
                        grant(
                                "POST",
                                "application/json",
                                Map.of("grant_type", List.of(FcmChecks.GRANT), "assertion", List.of(good)))),
                Map.entry(
                        "unsupported_grant_type: Invalid grant_type: client_credentials",
                        grant(
                                "POST",
                                "application/x-www-form-urlencoded",
                                Map.of("grant_type", List.of("client_credentials"), "assertion", List.of(good)))),
                Map.entry(
                        "invalid_request: assertion given twice",
                        grant(
                                "POST",
                                "application/x-www-form-urlencoded",
                                Map.of("grant_type", List.of(FcmChecks.GRANT), "assertion", List.of(good, good)))),
                Map.entry("invalid_grant: Invalid JWT: not a signed JWT", grant("not.a.jwt")),
                Map.entry(
                        "invalid_grant: Invalid JWT Signature. (kid key-2",
                        grant(assertion(header().keyID("key-2").build(), claims().build(), keys))),
                Map.entry(
                        "invalid_grant: Invalid JWT Signature.",
                        grant(assertion(header().build(), claims().build(), otherKeys))),
                Map.entry(
                        "invalid_grant: Invalid JWT: alg RS512",
                        grant(assertion(
                                new JWSHeader.Builder(JWSAlgorithm.RS512)
                                        .keyID("key-1")
                                        .build(),
                                claims().build(),
                                keys))),
                Map.entry(
                        "invalid_grant: Invalid JWT: iss someone@else",
                        grant(assertion(
                                header().build(),
                                claims().issuer("someone@else").build(),
                                keys))),
                Map.entry(
                        "invalid_grant: Invalid JWT: Failed audience check.",
                        grant(assertion(
                                header().build(),
                                claims().audience("https://oauth2.googleapis.com/token")
                                        .build(),
                                keys))),
                Map.entry(
                        "invalid_scope: Invalid OAuth scope",
                        grant(assertion(
                                header().build(),
                                claims().claim("scope", "https://www.googleapis.com/auth/cloud-platform")
                                        .build(),
                                keys))),
                Map.entry(
                        "invalid_grant: Invalid JWT: Token must be a short-lived token (60 minutes)",
                        grant(assertion(
                                header().build(),
                                claims().expirationTime(Date.from(NOW.plus(Duration.ofMinutes(61))))
                                        .build(),
                                keys))),
                Map.entry(
                        "invalid_grant: Invalid JWT: iat and exp are required",
                        grant(assertion(
                                header().build(), claims().issueTime(null).build(), keys))));

        refused.forEach((expected, refusal) -> {
            assertThat(refusal).as(expected).isPresent();
            assertThat(refusal.get().problem()).as(expected).startsWith("token: " + expected);
            assertThat(refusal.get().status()).as(expected).isIn(400, 405);
        });
        assertThat(grant(assertion(
                                header().build(),
                                claims().issueTime(Date.from(NOW.minus(Duration.ofHours(2))))
                                        .expirationTime(Date.from(NOW.minus(Duration.ofHours(1))))
                                        .build(),
                                keys))
                        .orElseThrow()
                        .problem())
                .contains("Check your iat and exp values");
    }
}
