package com.securevox.call.it;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.json.JSONObject;

/** Call tokens signed here, the way a backend with the shared secret (PyJWT in Django) signs them. */
final class Jwt {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jwt() {}

    /** Claims {@code sub, sid, role, iat, exp} with {@code exp} that many seconds from now. */
    static JSONObject claims(String userId, String sessionId, long expiresInSeconds) {
        long now = now();
        return new JSONObject()
                .put("sub", userId)
                .put("sid", sessionId)
                .put("role", "participant")
                .put("iat", now)
                .put("exp", now + expiresInSeconds);
    }

    /** HS256 with {@link ServerProcess#JWT_SECRET}. */
    static String sign(JSONObject claims) {
        return sign(claims, ServerProcess.JWT_SECRET);
    }

    /** HS256 with the UTF-8 bytes of that secret. */
    static String sign(JSONObject claims, String secret) {
        String signingInput = part(new JSONObject().put("alg", "HS256").put("typ", "JWT")) + "." + part(claims);
        return signingInput + "." + B64.encodeToString(hmac(signingInput, secret));
    }

    /** An unsigned token: header {@code alg: none}, empty signature. */
    static String unsigned(JSONObject claims) {
        return part(new JSONObject().put("alg", "none").put("typ", "JWT")) + "." + part(claims) + ".";
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String part(JSONObject json) {
        return B64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String input, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
