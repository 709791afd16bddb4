package com.securevox.call.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.securevox.call.call.Ids;
import com.securevox.call.call.Role;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and verifies call tokens: compact JWS, HS256 only, claims {@code sub} (user id), {@code sid} (call id),
 * {@code role}, {@code iat}, {@code exp} and {@code jti}. Tokens a Django backend signs with PyJWT and the shared
 * secret verify here, because the key is the UTF-8 bytes of the secret string, as in PyJWT.
 *
 * <p>nimbus-jose-jwt parses the token; the HMAC is computed with the JDK directly because nimbus's {@code MACVerifier}
 * refuses secrets shorter than 32 bytes, which development deliberately allows (with a warning). The algorithm is
 * fixed here and never taken from the token's header.
 *
 * <p>Thread-safe.
 */
public final class CallTokens {

    /** Tokens are a few hundred bytes; anything this big is garbage or an attack on the parser. */
    public static final int MAX_TOKEN_LENGTH = 8 * 1024;

    /** Tolerated clock difference between this server and whoever signed the token, for {@code exp} and {@code nbf}. */
    public static final Duration LEEWAY = Duration.ofSeconds(10);

    private static final String HMAC = "HmacSHA256";
    private static final int JTI_BYTES = 16;
    private static final int SHOWN_MAX = 32;
    private static final int PARSER_MESSAGE_MAX = 120;
    private static final Instant MAX_EXP = Instant.parse("3000-01-01T00:00:00Z");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9+._-]{1,32}");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /** The header of every token minted here, {@code {"alg":"HS256","typ":"JWT"}}, encoded once. */
    private static final String HEADER = new JWSHeader.Builder(JWSAlgorithm.HS256)
            .type(JOSEObjectType.JWT)
            .build()
            .toBase64URL()
            .toString();

    private static final String HEADER_DOT = HEADER + ".";

    /** Initialised with the key once; each use takes a clone, since a {@link Mac} is not thread-safe. */
    private final Mac keyedMac;

    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param secret HMAC key: the UTF-8 bytes of {@code SECUREVOX_CALL_JWT_SECRET}; copied
     * @param ttl lifetime of minted tokens, at least one second since {@code exp} is in whole seconds
     */
    public CallTokens(byte[] secret, Duration ttl, Clock clock) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(ttl, "ttl");
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret: empty (expected: at least one byte)");
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: at least PT1S)");
        }
        try {
            this.keyedMac = Mac.getInstance(HMAC);
            keyedMac.init(new SecretKeySpec(secret.clone(), HMAC));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable, which every Java platform must provide", e);
        }
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * A token admitting {@code userId} to call {@code sessionId} as {@code role} until now + ttl.
     *
     * @throws IllegalArgumentException if an id breaks the id rule (see {@link Ids})
     */
    public MintedToken mint(String userId, String sessionId, Role role) {
        if (!Ids.isValid(userId)) {
            throw new IllegalArgumentException(Ids.problem("userId", userId));
        }
        if (!Ids.isValid(sessionId)) {
            throw new IllegalArgumentException(Ids.problem("sessionId", sessionId));
        }
        Objects.requireNonNull(role, "role");
        return sign(
                "{\"sub\":\"" + userId + "\",\"sid\":\"" + sessionId + "\",\"role\":\"" + role.wireName() + "\"",
                clock.instant());
    }

    /** Signs the claims that start with {@code head} (an open JSON object of checked ids) plus iat, exp and jti. */
    private MintedToken sign(String head, Instant now) {
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        byte[] jti = new byte[JTI_BYTES];
        random.nextBytes(jti);
        // Written by hand rather than through nimbus's claims builder and Gson: every value is an id (checked by the
        // callers, nothing to escape), a role's wire name, a number or base64url, and the header never changes.
        String claims = head + ",\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond()
                + ",\"jti\":\"" + BASE64URL.encodeToString(jti) + "\"}";
        String signingInput = HEADER + "." + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        String signature = BASE64URL.encodeToString(hmac(signingInput.getBytes(StandardCharsets.US_ASCII)));
        return new MintedToken(signingInput + "." + signature, expiresAt);
    }

    /**
     * A user token: {@code userId}'s device connection until now + ttl. Like a call token but with {@code scope: "user"}
     * and no {@code sid} or {@code role}, so neither kind can pass for the other.
     *
     * @throws IllegalArgumentException if the id breaks the id rule (see {@link Ids})
     */
    public MintedToken mintUser(String userId) {
        if (!Ids.isValid(userId)) {
            throw new IllegalArgumentException(Ids.problem("userId", userId));
        }
        Instant now = clock.instant();
        return sign("{\"sub\":\"" + userId + "\",\"scope\":\"" + UserClaims.SCOPE + "\"", now);
    }

    /**
     * The claims of a call token (see {@link #verifyAny}); a user token is refused.
     *
     * @throws TokenException as {@link #verifyAny}, and {@link TokenException.Kind#INVALID} for a user token
     */
    public CallClaims verify(String token) throws TokenException {
        return switch (verifyAny(token)) {
            case CallClaims call -> call;
            case UserClaims user -> throw invalid("a user token (scope user) (expected: a call token, with sid)");
        };
    }

    /**
     * The claims of a user token (see {@link #verifyAny}); a call token is refused.
     *
     * @throws TokenException as {@link #verifyAny}, and {@link TokenException.Kind#INVALID} for a call token
     */
    public UserClaims verifyUser(String token) throws TokenException {
        return switch (verifyAny(token)) {
            case UserClaims user -> user;
            case CallClaims call -> throw invalid("a call token (expected: a user token, scope user)");
        };
    }

    /**
     * The claims of {@code token} if it is an HS256 JWT signed with this secret, current (within {@link #LEEWAY}),
     * and its {@code sub}, {@code sid} and {@code role} are valid (a call token), or its {@code sub} is valid and
     * {@code scope} is {@code user} with no {@code sid} (a user token).
     *
     * @throws TokenException {@link TokenException.Kind#EXPIRED} if only the expiry is wrong, otherwise
     *     {@link TokenException.Kind#INVALID}; the message never contains the token
     */
    public TokenClaims verifyAny(String token) throws TokenException {
        if (token == null) {
            throw invalid("token: missing");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalid("token: " + token.length() + " characters (expected: at most " + MAX_TOKEN_LENGTH + ")");
        }
        if (!isCompactSerialization(token)) {
            throw invalid("not a JWT");
        }
        int payloadEnd = token.lastIndexOf('.');
        if (payloadEnd == token.indexOf('.', HEADER.length() + 1) && token.startsWith(HEADER_DOT)) {
            return verifyCanonical(token, payloadEnd);
        }
        SignedJWT jwt = parse(token);
        checkHeader(jwt.getHeader());
        checkSignature(jwt);
        return claims(jwt);
    }

    /**
     * A token whose header is {@code {"alg":"HS256","typ":"JWT"}} spelled as every token minted here and by PyJWT:
     * nothing in it to parse or check, so the signature is checked straight away and only the claims are parsed
     * (parsing the header, twice, was most of a verification).
     */
    private TokenClaims verifyCanonical(String token, int payloadEnd) throws TokenException {
        byte[] expected = BASE64URL
                .encodeToString(hmac(token.substring(0, payloadEnd).getBytes(StandardCharsets.US_ASCII)))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] presented = token.substring(payloadEnd + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw invalid("signature invalid");
        }
        JWTClaimsSet claims;
        try {
            String json = new String(
                    Base64.getUrlDecoder().decode(token.substring(HEADER.length() + 1, payloadEnd)),
                    StandardCharsets.UTF_8);
            claims = JWTClaimsSet.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw badClaims(e);
        }
        return claims(claims);
    }

    /**
     * Whether {@code token} is dot-separated base64url, as every JWS and JWE in compact form is. Checked before
     * nimbus sees it because its base64 decoder skips characters it does not know, which would let many spellings
     * stand for one token.
     */
    private static boolean isCompactSerialization(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean base64url =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!base64url && c != '.') {
                return false;
            }
        }
        return !token.isEmpty();
    }

    private static SignedJWT parse(String token) throws TokenException {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            // Untrusted input: whatever the parser throws, checked or not, means "not a JWT" and nothing more.
            throw invalid("not a JWT");
        }
        return switch (jwt) {
            case SignedJWT signed -> signed;
            case PlainJWT plain -> throw invalid("alg none (expected: HS256)");
            case EncryptedJWT encrypted -> throw invalid("encrypted JWT (expected: a signed JWT, alg HS256)");
            default -> throw invalid("not a JWT");
        };
    }

    private static void checkHeader(JWSHeader header) throws TokenException {
        // Compare the name, not the object: JWSAlgorithm.parse makes new instances for unknown names.
        String alg = header.getAlgorithm().getName();
        if (!JWSAlgorithm.HS256.getName().equals(alg)) {
            throw invalid("alg " + (PLAIN_NAME.matcher(alg).matches() ? alg : shown(alg)) + " (expected: HS256)");
        }
        JOSEObjectType type = header.getType();
        if (type != null && !"JWT".equalsIgnoreCase(type.getType())) {
            throw invalid("header typ: " + shown(type.getType()) + " (expected: JWT)");
        }
        // RFC 7515 4.1.11: a critical extension we do not implement (b64=false, say) must make the token invalid.
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw invalid("header crit: " + shown(String.valueOf(header.getCriticalParams())) + " (expected: absent)");
        }
    }

    private void checkSignature(SignedJWT jwt) throws TokenException {
        // Comparing the encoded forms also refuses non-canonical base64 that would decode to the right bytes.
        byte[] presented = jwt.getSignature().toString().getBytes(StandardCharsets.US_ASCII);
        byte[] expected =
                Base64URL.encode(hmac(jwt.getSigningInput())).toString().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw invalid("signature invalid");
        }
    }

    private TokenClaims claims(SignedJWT jwt) throws TokenException {
        try {
            return claims(jwt.getJWTClaimsSet());
        } catch (ParseException | RuntimeException e) {
            throw badClaims(e);
        }
    }

    private static TokenException badClaims(Exception e) {
        // Safe to quote: the signature is valid, so the content comes from a holder of the secret.
        return invalid("claims: " + printable(String.valueOf(e.getMessage()), PARSER_MESSAGE_MAX)
                + " (expected: a JSON object of JWT claims)");
    }

    private TokenClaims claims(JWTClaimsSet claims) throws TokenException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw invalid("claim exp: missing");
        }
        Instant expiresAt = exp.toInstant();
        // Milliseconds where seconds belong (a JavaScript habit) would make a token that never expires.
        if (expiresAt.isBefore(Instant.EPOCH) || expiresAt.isAfter(MAX_EXP)) {
            throw invalid("claim exp: " + expiresAt + " (expected: Unix seconds before " + MAX_EXP + ")");
        }
        if (!now.isBefore(expiresAt.plus(LEEWAY))) {
            throw new TokenException(TokenException.Kind.EXPIRED, "token expired at " + expiresAt);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(LEEWAY).isBefore(nbf.toInstant())) {
            throw invalid("token not valid before " + nbf.toInstant());
        }
        String userId = id(claims.getClaims(), "sub");
        Object scope = claims.getClaim("scope");
        if (scope != null) {
            if (!UserClaims.SCOPE.equals(scope)) {
                throw invalid("claim scope: " + (scope instanceof String text ? shown(text) : jsonType(scope))
                        + " (expected: user, or absent for a call token)");
            }
            if (claims.getClaim("sid") != null) {
                throw invalid("claim sid: present in a user token (expected: absent with scope user)");
            }
            return new UserClaims(userId, expiresAt);
        }
        String sessionId = id(claims.getClaims(), "sid");
        Role role = role(claims.getClaim("role"));
        Date iat = claims.getIssueTime();
        return new CallClaims(userId, sessionId, role, expiresAt, iat == null ? Instant.EPOCH : iat.toInstant());
    }

    private static String id(Map<String, Object> claims, String name) throws TokenException {
        Object value = claims.get(name);
        if (value == null) {
            throw invalid("claim " + name + ": missing");
        }
        if (!(value instanceof String id)) {
            throw invalid("claim " + name + ": " + jsonType(value) + " (expected: a string)");
        }
        if (!Ids.isValid(id)) {
            throw invalid(Ids.problem("claim " + name, id));
        }
        return id;
    }

    private static Role role(Object value) throws TokenException {
        if (value == null) {
            // Tokens from backends that predate roles carry none: they are plain participants.
            return Role.PARTICIPANT;
        }
        if (!(value instanceof String wire)) {
            throw invalid("claim role: " + jsonType(value) + " (expected: participant or host)");
        }
        return Role.fromWire(wire)
                .orElseThrow(() -> invalid("claim role: " + shown(wire) + " (expected: participant or host)"));
    }

    private byte[] hmac(byte[] signingInput) {
        // A clone skips the provider lookup and key setup of Mac.getInstance + init, per token.
        try {
            return ((Mac) keyedMac.clone()).doFinal(signingInput);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 of this platform cannot be cloned", e);
        }
    }

    private static String jsonType(Object value) {
        return switch (value) {
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            default -> "a " + value.getClass().getSimpleName();
        };
    }

    /** A header or claim value for a message: quoted, cut short, control characters replaced. */
    private static String shown(String value) {
        return "'" + printable(value, SHOWN_MAX) + "'";
    }

    private static String printable(String value, int max) {
        String cut = value.length() > max ? value.substring(0, max) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static TokenException invalid(String message) {
        return new TokenException(TokenException.Kind.INVALID, message);
    }

    @Override
    public String toString() {
        return "CallTokens[HS256, ttl=" + ttl + "]";
    }
}
