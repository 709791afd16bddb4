package com.securevox.call.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.securevox.call.call.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallTokensTest {

    static final String SECRET_TEXT = "test-secret-0123456789abcdefghijklmnop";
    static final byte[] SECRET = SECRET_TEXT.getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final long NOW_S = NOW.getEpochSecond();
    static final String PYJWT_HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private final CallTokens tokens = new CallTokens(SECRET, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

    // ---- hand-built tokens, byte for byte what PyJWT's jwt.encode(payload, secret, algorithm="HS256") produces ----

    static String b64(String json) {
        return b64(json.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sign(String headerJson, String payloadJson, String macAlgorithm, byte[] key) {
        String signingInput = b64(headerJson) + "." + b64(payloadJson);
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String pyjwt(String payloadJson) {
        return sign(PYJWT_HEADER, payloadJson, "HmacSHA256", SECRET);
    }

    /** Claims with {@code %d} placeholders for exp and iat. */
    static String claims(String json) {
        return json.replace("EXP", Long.toString(NOW_S + 3600)).replace("IAT", Long.toString(NOW_S));
    }

    // ---- accepted ----

    @Test
    void acceptsPyJwtToken() throws TokenException {
        String token = pyjwt(claims(
                "{\"sub\":\"user123\",\"sid\":\"call_123_456_789\",\"role\":\"participant\",\"exp\":EXP,\"iat\":IAT}"));

        CallClaims claims = tokens.verify(token);

        assertThat(claims)
                .isEqualTo(new CallClaims(
                        "user123",
                        "call_123_456_789",
                        Role.PARTICIPANT,
                        NOW.plusSeconds(3600),
                        java.time.Instant.ofEpochSecond(NOW_S)));
    }

    /** iat decides whether a removed participant may come back: kept as the token says, the epoch when absent. */
    @Test
    void keepsIssuedAtAndTakesTheEpochWithoutIt() throws TokenException {
        assertThat(tokens.verify(pyjwt(claims("{\"sub\":\"u1\",\"sid\":\"s1\",\"exp\":EXP}")))
                        .issuedAt())
                .isEqualTo(java.time.Instant.EPOCH);
        assertThat(tokens.verify(tokens.mint("u1", "s1", Role.HOST).token()).issuedAt())
                .isEqualTo(NOW.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            host role              | {"sub":"u1","sid":"s1","role":"host","exp":EXP}                      | HOST
            no role                | {"sub":"u1","sid":"s1","exp":EXP}                                    | PARTICIPANT
            null role              | {"sub":"u1","sid":"s1","role":null,"exp":EXP}                        | PARTICIPANT
            nbf and jti            | {"sub":"u1","sid":"s1","exp":EXP,"nbf":IAT,"jti":"abc"}              | PARTICIPANT
            float exp              | {"sub":"u1","sid":"s1","exp":EXP.5}                                  | PARTICIPANT
            extra claims           | {"sub":"u1","sid":"s1","exp":EXP,"iss":"django","aud":"x","n":1}     | PARTICIPANT
            id charset             | {"sub":"a.B_9:@-","sid":"call_1","exp":EXP}                          | PARTICIPANT
            """)
    void acceptsPyJwtVariants(String description, String payload, Role expectedRole) throws TokenException {
        assertThat(tokens.verify(pyjwt(claims(payload))).role()).isEqualTo(expectedRole);
    }

    @Test
    void acceptsLowerCaseTypAndAbsentTyp() throws TokenException {
        String payload = claims("{\"sub\":\"u1\",\"sid\":\"s1\",\"exp\":EXP}");

        assertThat(tokens.verify(sign("{\"alg\":\"HS256\",\"typ\":\"jwt\"}", payload, "HmacSHA256", SECRET)))
                .isNotNull();
        assertThat(tokens.verify(sign("{\"alg\":\"HS256\"}", payload, "HmacSHA256", SECRET)))
                .isNotNull();
    }

    @Test
    void theCanonicalHeaderAndAnyOtherSpellingOfItGiveTheSameClaims() throws TokenException {
        // The canonical header skips the header's parsing; another spelling of it goes through nimbus.
        String payload =
                claims("{\"sub\":\"u1\",\"sid\":\"s1\",\"role\":\"host\",\"exp\":EXP,\"iat\":IAT,\"jti\":\"j\"}");
        CallClaims canonical = tokens.verify(sign(PYJWT_HEADER, payload, "HmacSHA256", SECRET));
        CallClaims reordered =
                tokens.verify(sign("{\"typ\":\"JWT\",\"alg\":\"HS256\"}", payload, "HmacSHA256", SECRET));

        assertThat(canonical).isEqualTo(reordered);
        assertThat(canonical.role()).isEqualTo(Role.HOST);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"sub\":\"u1\",\"sid\":\"s1\",\"exp\":\"soon\"}",
                "[1,2]",
                "{\"sub\":\"u1\",",
            })
    void claimsThatAreNotJwtClaimsAreInvalidOnEitherPath(String payload) {
        for (String header : List.of(PYJWT_HEADER, "{\"typ\":\"JWT\",\"alg\":\"HS256\"}")) {
            assertThatThrownBy(() -> tokens.verify(sign(header, payload, "HmacSHA256", SECRET)))
                    .isInstanceOfSatisfying(TokenException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TokenException.Kind.INVALID);
                        assertThat(e.getMessage())
                                .startsWith("claims: ")
                                .endsWith("(expected: a JSON object of JWT claims)");
                    });
        }
    }

    @ParameterizedTest(name = "exp now{0}s")
    @ValueSource(longs = {-9, 0, 1})
    void acceptsExpiryWithinLeeway(long offset) throws TokenException {
        String token = pyjwt("{\"sub\":\"u1\",\"sid\":\"s1\",\"exp\":" + (NOW_S + offset) + "}");

        assertThat(tokens.verify(token).expiresAt()).isEqualTo(NOW.plusSeconds(offset));
    }

    @ParameterizedTest(name = "nbf now+{0}s")
    @ValueSource(longs = {-100, 0, 10})
    void acceptsNotBeforeWithinLeeway(long offset) throws TokenException {
        String token = pyjwt(claims("{\"sub\":\"u1\",\"sid\":\"s1\",\"exp\":EXP,\"nbf\":" + (NOW_S + offset) + "}"));

        assertThat(tokens.verify(token).userId()).isEqualTo("u1");
    }

    @Test
    void acceptsShortSecretsForDevelopment() throws TokenException {
        CallTokens shortKeyed = new CallTokens(
                "dev".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(shortKeyed
                        .verify(shortKeyed.mint("u1", "s1", Role.HOST).token())
                        .role())
                .isEqualTo(Role.HOST);
    }

    // ---- refused ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            alg HS384               | {"alg":"HS384","typ":"JWT"}    | HmacSHA384 | {"sub":"u1","sid":"s1","exp":EXP}           | alg HS384 (expected: HS256)
            alg HS512               | {"alg":"HS512","typ":"JWT"}    | HmacSHA512 | {"sub":"u1","sid":"s1","exp":EXP}           | alg HS512 (expected: HS256)
            alg RS256, HMAC signed  | {"alg":"RS256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","sid":"s1","exp":EXP}           | alg RS256 (expected: HS256)
            alg ES256               | {"alg":"ES256"}                | HmacSHA256 | {"sub":"u1","sid":"s1","exp":EXP}           | alg ES256 (expected: HS256)
            alg None                | {"alg":"None","typ":"JWT"}     | HmacSHA256 | {"sub":"u1","sid":"s1","exp":EXP}           | alg None (expected: HS256)
            alg hs256               | {"alg":"hs256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","sid":"s1","exp":EXP}           | alg hs256 (expected: HS256)
            alg with junk           | {"alg":"HS256 x\\n"}           | HmacSHA256 | {"sub":"u1","sid":"s1","exp":EXP}           | alg 'HS256 x?' (expected: HS256)
            typ other               | {"alg":"HS256","typ":"at+jwt"} | HmacSHA256 | {"sub":"u1","sid":"s1","exp":EXP}           | header typ: 'at+jwt' (expected: JWT)
            crit                    | {"alg":"HS256","b64":false,"crit":["b64"]} | HmacSHA256 | {"sub":"u1","sid":"s1","exp":EXP} | header crit: '[b64]' (expected: absent)
            missing exp             | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","sid":"s1","iat":IAT}           | claim exp: missing
            null exp                | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","sid":"s1","exp":null}          | claim exp: missing
            future nbf              | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","sid":"s1","exp":EXP,"nbf":1767225611} | token not valid before 2026-01-01T00:00:11Z
            missing sub             | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sid":"s1","exp":EXP}                      | claim sub: missing
            empty sub               | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"","sid":"s1","exp":EXP}             | claim sub: '' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            sub with space          | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"a b","sid":"s1","exp":EXP}          | claim sub: 'a b' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            missing sid             | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","exp":EXP}                      | claim sid: missing
            sid with slash          | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","sid":"a/b","exp":EXP}          | claim sid: 'a/b' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            sid number              | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","sid":42,"exp":EXP}             | claim sid: a number (expected: a string)
            sid object              | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","sid":{},"exp":EXP}             | claim sid: an object (expected: a string)
            role unknown            | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","sid":"s1","role":"admin","exp":EXP} | claim role: 'admin' (expected: participant or host)
            role upper case         | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","sid":"s1","role":"HOST","exp":EXP}  | claim role: 'HOST' (expected: participant or host)
            role number             | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","sid":"s1","role":1,"exp":EXP}       | claim role: a number (expected: participant or host)
            role array              | {"alg":"HS256","typ":"JWT"}    | HmacSHA256 | {"sub":"u1","sid":"s1","role":["host"],"exp":EXP} | claim role: an array (expected: participant or host)
            """)
    void refusesInvalidToken(String description, String header, String mac, String payload, String expectedMessage) {
        String token = sign(header, claims(payload), mac, SECRET);

        assertRefused(token, TokenException.Kind.INVALID, expectedMessage);
    }

    @Test
    void refusesSubIdLongerThan128() {
        String token = pyjwt(claims("{\"sub\":\"" + "u".repeat(129) + "\",\"sid\":\"s1\",\"exp\":EXP}"));

        assertRefused(
                token,
                TokenException.Kind.INVALID,
                "claim sub: '" + "u".repeat(40) + "…' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            sub object   | {"sub":{},"sid":"s1","exp":EXP}                | claims: Illegal sub claim (expected: a JSON object of JWT claims)
            exp string   | {"sub":"u1","sid":"s1","exp":"EXP"}            | claims: Unexpected type of JSON object member exp (expected: a JSON object of JWT claims)
            iat string   | {"sub":"u1","sid":"s1","exp":EXP,"iat":"now"}  | claims: Unexpected type of JSON object member iat (expected: a JSON object of JWT claims)
            jti number   | {"sub":"u1","sid":"s1","exp":EXP,"jti":7}      | claims: Unexpected type of JSON object member jti (expected: a JSON object of JWT claims)
            array        | [1,2,3]                                        | claims: Payload of JWS object is not a valid JSON object (expected: a JSON object of JWT claims)
            not json     | not json                                       | claims: Payload of JWS object is not a valid JSON object (expected: a JSON object of JWT claims)
            exp in ms    | {"sub":"u1","sid":"s1","exp":1767229200000}    | claim exp: +57971-04-07T16:00:00Z (expected: Unix seconds before 3000-01-01T00:00:00Z)
            exp huge     | {"sub":"u1","sid":"s1","exp":1e300}            | claim exp: 1969-12-31T23:59:59Z (expected: Unix seconds before 3000-01-01T00:00:00Z)
            """)
    void refusesMalformedClaims(String description, String payload, String expectedMessage) {
        assertRefused(pyjwt(claims(payload)), TokenException.Kind.INVALID, expectedMessage);
    }

    @Test
    void refusesAlgNone() {
        String token = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + b64(claims("{\"sub\":\"u1\",\"sid\":\"s1\",\"exp\":EXP}")) + ".";

        assertRefused(token, TokenException.Kind.INVALID, "alg none (expected: HS256)");
    }

    @Test
    void refusesEncryptedJwt() {
        String token = b64("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}") + "..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA";

        assertRefused(token, TokenException.Kind.INVALID, "encrypted JWT (expected: a signed JWT, alg HS256)");
    }

    @Test
    void refusesWrongSecret() {
        String token = sign(
                PYJWT_HEADER,
                claims("{\"sub\":\"u1\",\"sid\":\"s1\",\"exp\":EXP}"),
                "HmacSHA256",
                "another-secret-0123456789abcdefghijkl".getBytes(StandardCharsets.UTF_8));

        assertRefused(token, TokenException.Kind.INVALID, "signature invalid");
    }

    @Test
    void refusesTamperedPayload() {
        String genuine = tokens.mint("u1", "s1", Role.PARTICIPANT).token();
        String[] parts = genuine.split("\\.");
        String forged = parts[0] + "." + b64(claims("{\"sub\":\"u1\",\"sid\":\"s1\",\"role\":\"host\",\"exp\":EXP}"))
                + "." + parts[2];

        assertRefused(forged, TokenException.Kind.INVALID, "signature invalid");
    }

    @Test
    void refusesNonCanonicalSignatureEncoding() throws TokenException {
        String genuine = tokens.mint("u1", "s1", Role.PARTICIPANT).token();
        tokens.verify(genuine);
        // 32 bytes are 43 base64 characters, the last carrying 2 unused bits: flipping one keeps the decoded bytes.
        char last = genuine.charAt(genuine.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String respelt = genuine.substring(0, genuine.length() - 1) + sibling;

        assertRefused(respelt, TokenException.Kind.INVALID, "signature invalid");
    }

    @Test
    void refusesMissingSignature() {
        String token = b64(PYJWT_HEADER) + "." + b64(claims("{\"sub\":\"u1\",\"sid\":\"s1\",\"exp\":EXP}")) + ".";

        assertRefused(token, TokenException.Kind.INVALID, "not a JWT");
    }

    @Test
    void acceptsNumericSubAsItsDecimalString() throws TokenException {
        // Django user ids are integers and a backend may well write {"sub": user.id}; nimbus reads it as "42".
        String token = pyjwt(claims("{\"sub\":42,\"sid\":\"s1\",\"exp\":EXP}"));

        assertThat(tokens.verify(token).userId()).isEqualTo("42");
    }

    @ParameterizedTest(name = "exp now{0}s")
    @ValueSource(longs = {-10, -11, -3600})
    void refusesExpiredToken(long offset) {
        Instant exp = NOW.plusSeconds(offset);
        String token = pyjwt("{\"sub\":\"u1\",\"sid\":\"s1\",\"exp\":" + exp.getEpochSecond() + "}");

        assertRefused(token, TokenException.Kind.EXPIRED, "token expired at " + exp);
    }

    @Test
    void expiryIsJudgedOnlyForGenuineTokens() {
        String forged = sign(
                PYJWT_HEADER,
                "{\"sub\":\"u1\",\"sid\":\"s1\",\"exp\":1}",
                "HmacSHA256",
                "another-secret-0123456789abcdefghijkl".getBytes(StandardCharsets.UTF_8));

        assertRefused(forged, TokenException.Kind.INVALID, "signature invalid");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "",
                " ",
                "abc",
                "a.b",
                "a.b.c",
                "a.b.c.d",
                "....",
                "...",
                "eyJ.eyJ.",
                "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x",
                "eyJhbGciOiJIUzI1NiJ9.e30.x ",
                " eyJhbGciOiJIUzI1NiJ9.e30.x",
                "eyJhbGciOiJIUzI1NiJ9.e30.x\n",
                "eyJhbGciOiJIUzI1NiJ9+.e30.x",
                "eyJhbGciOiJIUzI1NiJ9=.e30.x",
                "ｅｙＪ.ｅｙＪ.ｘ",
                "W10.e30.x",
                "bnVsbA.e30.x",
                "IkhTMjU2Ig.e30.x",
                "e30.e30.x",
                "eyJhbGciOjF9.e30.x",
                "eyJhbGciOm51bGx9.e30.x",
                "\u0000",
                "null",
            })
    void refusesGarbage(String garbage) {
        TokenException e = refusal(garbage);

        assertThat(e.kind()).isEqualTo(TokenException.Kind.INVALID);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void refusesNull() {
        assertRefused(null, TokenException.Kind.INVALID, "token: missing");
    }

    @Test
    void refusesOversizedTokenBeforeParsing() {
        String token = pyjwt(
                "{\"sub\":\"u1\",\"sid\":\"s1\",\"exp\":" + (NOW_S + 60) + ",\"pad\":\"" + "x".repeat(6200) + "\"}");
        assertThat(token.length()).isGreaterThan(CallTokens.MAX_TOKEN_LENGTH);

        assertRefused(
                token,
                TokenException.Kind.INVALID,
                "token: " + token.length() + " characters (expected: at most 8192)");
    }

    @Test
    void acceptsTokenJustUnderTheSizeLimit() throws TokenException {
        String prefix = "{\"sub\":\"u1\",\"sid\":\"s1\",\"exp\":" + (NOW_S + 60) + ",\"pad\":\"";
        String token = pyjwt(prefix + "x".repeat(6000) + "\"}");
        assertThat(token.length()).isLessThanOrEqualTo(CallTokens.MAX_TOKEN_LENGTH);

        assertThat(tokens.verify(token).userId()).isEqualTo("u1");
    }

    @Test
    void survivesDeeplyNestedHeader() {
        String header = "{\"alg\":\"HS256\",\"x\":" + "[".repeat(2500) + "]".repeat(2500) + "}";
        String token = sign(header, "{}", "HmacSHA256", SECRET);
        assertThat(token.length()).isLessThanOrEqualTo(CallTokens.MAX_TOKEN_LENGTH);

        assertThat(refusal(token).kind()).isEqualTo(TokenException.Kind.INVALID);
    }

    // ---- minting ----

    @Test
    void mintThenVerifyRoundTrips() throws TokenException {
        MintedToken minted = tokens.mint("user123", "call_123_456_789", Role.HOST);

        CallClaims claims = tokens.verify(minted.token());

        assertThat(minted.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(claims.userId()).isEqualTo("user123");
        assertThat(claims.sessionId()).isEqualTo("call_123_456_789");
        assertThat(claims.role()).isEqualTo(Role.HOST);
        assertThat(claims.expiresAt()).isEqualTo(minted.expiresAt());
        assertThat(payload(minted.token()))
                .contains("\"iat\":" + NOW_S + ",")
                .containsPattern("\"jti\":\"[A-Za-z0-9_-]{22}\"");
    }

    /** The claims of a token as its JSON text. */
    private static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    @Test
    void mintedTokenLooksLikePyJwts() {
        String[] parts = tokens.mint("u1", "s1", Role.PARTICIPANT).token().split("\\.");

        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(header).contains("\"alg\":\"HS256\"").contains("\"typ\":\"JWT\"");
        assertThat(payload)
                .contains("\"sub\":\"u1\"")
                .contains("\"sid\":\"s1\"")
                .contains("\"role\":\"participant\"")
                .contains("\"iat\":" + NOW_S)
                .contains("\"exp\":" + (NOW_S + 3600))
                .contains("\"jti\":\"");
        assertThat(parts[2]).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void mintsWholeSecondExpiry() throws TokenException {
        Instant fractional = NOW.plusMillis(1_999);
        CallTokens ticking = new CallTokens(SECRET, Duration.ofMillis(1_500), Clock.fixed(fractional, ZoneOffset.UTC));

        MintedToken minted = ticking.mint("u1", "s1", Role.PARTICIPANT);

        assertThat(minted.expiresAt()).isEqualTo(NOW.plusSeconds(3));
        assertThat(payload(minted.token())).contains("\"iat\":" + (NOW_S + 1) + ",");
    }

    @Test
    void mintsDistinctJtis() {
        String jti = "\"jti\":\"[^\"]+\"";
        java.util.regex.Matcher first = java.util.regex.Pattern.compile(jti)
                .matcher(payload(tokens.mint("u1", "s1", Role.HOST).token()));
        java.util.regex.Matcher second = java.util.regex.Pattern.compile(jti)
                .matcher(payload(tokens.mint("u1", "s1", Role.HOST).token()));
        assertThat(first.find()).isTrue();
        assertThat(second.find()).isTrue();
        assertThat(first.group()).isNotEqualTo(second.group());
    }

    @Test
    void tokenFromOneSecretFailsUnderAnother() {
        CallTokens other = new CallTokens(
                "other-secret-0123456789abcdefghijklmn".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(1),
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertRefused(other.mint("u1", "s1", Role.HOST).token(), TokenException.Kind.INVALID, "signature invalid");
    }

    @Test
    void tokenMintedNowExpiresAfterTtlPlusLeeway() {
        MintedToken minted = tokens.mint("u1", "s1", Role.HOST);
        CallTokens later = new CallTokens(
                SECRET,
                Duration.ofHours(1),
                Clock.fixed(NOW.plus(Duration.ofHours(1)).plus(CallTokens.LEEWAY), ZoneOffset.UTC));

        assertRefused(minted.token(), later, TokenException.Kind.EXPIRED, "token expired at 2026-01-01T01:00:00Z");
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -       | s1  | userId: missing (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            u 1     | s1  | userId: 'u 1' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            u1      | ''  | sessionId: '' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            """)
    void mintRefusesInvalidIds(String userId, String sessionId, String expectedMessage) {
        assertThatThrownBy(() -> tokens.mint(userId, sessionId, Role.HOST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(expectedMessage);
    }

    @Test
    void constructorValidates() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        assertThatThrownBy(() -> new CallTokens(new byte[0], Duration.ofHours(1), clock))
                .hasMessage("secret: empty (expected: at least one byte)");
        assertThatThrownBy(() -> new CallTokens(SECRET, Duration.ofMillis(999), clock))
                .hasMessage("ttl: PT0.999S (expected: at least PT1S)");
    }

    @Test
    void secretIsCopied() throws TokenException {
        byte[] key = SECRET.clone();
        CallTokens copied = new CallTokens(key, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));
        String token = copied.mint("u1", "s1", Role.HOST).token();
        key[0] ^= 1;

        assertThat(copied.verify(token).userId()).isEqualTo("u1");
    }

    @Test
    void mintedTokenToStringHidesTheToken() {
        MintedToken minted = tokens.mint("u1", "s1", Role.HOST);

        assertThat(minted.toString()).doesNotContain(minted.token()).contains("***");
        assertThat(tokens.toString()).doesNotContain(SECRET_TEXT);
    }

    // ---- the fuzz test's seeds mean what their names say ----

    @Test
    void fuzzSeedsAreWhatTheySayTheyAre() throws Exception {
        CallTokens fuzzTokens =
                new CallTokens(CallTokensFuzzTest.SECRET, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(fuzzTokens.verify(seed("valid-token")).sessionId()).isEqualTo("call_123_456_789");
        assertThat(catchThrowableOfType(TokenException.class, () -> fuzzTokens.verify(seed("alg-none"))))
                .hasMessage("alg none (expected: HS256)");
        assertThat(catchThrowableOfType(TokenException.class, () -> fuzzTokens.verify(seed("expired-token")))
                        .kind())
                .isEqualTo(TokenException.Kind.EXPIRED);
    }

    private static String seed(String name) throws IOException {
        String path = "CallTokensFuzzTestInputs/verifyArbitraryInput/" + name;
        try (InputStream in = CallTokensTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- helpers ----

    private TokenException refusal(String token) {
        TokenException e = catchThrowableOfType(TokenException.class, () -> tokens.verify(token));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getCause()).isNull();
        if (token != null && token.length() >= 16) {
            assertThat(e.getMessage()).doesNotContain(token);
            for (String part : token.split("\\.")) {
                if (part.length() >= 16) {
                    assertThat(e.getMessage())
                            .as("message quotes a part of the token")
                            .doesNotContain(part);
                }
            }
        }
        return e;
    }

    private void assertRefused(String token, TokenException.Kind kind, String message) {
        TokenException e = refusal(token);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.kind()).isEqualTo(kind);
    }

    private static void assertRefused(String token, CallTokens verifier, TokenException.Kind kind, String message) {
        TokenException e = catchThrowableOfType(TokenException.class, () -> verifier.verify(token));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.kind()).isEqualTo(kind);
    }
}
