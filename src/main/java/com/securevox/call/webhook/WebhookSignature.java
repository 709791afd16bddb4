package com.securevox.call.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-SecureVOX-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}.
 * The timestamp is signed with the body so a receiver can refuse old deliveries replayed.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-SecureVOX-Signature";
    public static final String EVENT_ID_HEADER = "X-SecureVOX-Event-Id";

    private final SecretKeySpec key;

    public WebhookSignature(byte[] secret) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret: empty (expected: at least one byte)");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The header value for this body sent at {@code unixSeconds}. */
    public String header(long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hex(unixSeconds, body);
    }

    /** The hex HMAC-SHA256 of {@code "<t>.<body>"}. */
    public String hex(long unixSeconds, String body) {
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        byte[] signed = (unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(mac.doFinal(signed));
    }
}
