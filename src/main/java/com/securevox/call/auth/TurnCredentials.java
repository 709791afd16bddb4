package com.securevox.call.auth;

import com.securevox.call.call.Ids;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints TURN credentials in the "TURN REST API" scheme that coturn checks with {@code use-auth-secret} and
 * {@code static-auth-secret}: the username is {@code <expiry unix seconds>:<userId>} and the password is
 * {@code base64(HMAC-SHA1(secret, username))}. coturn recomputes the password from the username, so nothing is
 * stored anywhere, and refuses the credential once the expiry in the username has passed.
 *
 * <p>A credential lives {@code lifetime} but never past the expiry of the call token it is handed out with: whoever
 * may no longer join the call may no longer relay either. Thread-safe.
 */
public final class TurnCredentials {
    private static final String HMAC = "HmacSHA1";

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final Clock clock;
    private final LongAdder minted = new LongAdder();

    /**
     * @param secret coturn's {@code static-auth-secret}, as the UTF-8 bytes coturn uses; copied
     * @param lifetime how long a credential lives at most, at least one second since the expiry is in whole seconds
     */
    public TurnCredentials(byte[] secret, Duration lifetime, Clock clock) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(lifetime, "lifetime");
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret: empty (expected: at least one byte)");
        }
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("lifetime: " + lifetime + " (expected: at least PT1S)");
        }
        this.key = new SecretKeySpec(secret.clone(), HMAC);
        this.lifetime = lifetime;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Credentials for {@code userId} that expire after the lifetime or at {@code notAfter} (the call token's expiry),
     * whichever comes first. Expiries are whole seconds, rounded down.
     *
     * @throws IllegalArgumentException if {@code userId} breaks the id rule (see {@link Ids})
     */
    public TurnCredential mint(String userId, Instant notAfter) {
        if (!Ids.isValid(userId)) {
            throw new IllegalArgumentException(Ids.problem("userId", userId));
        }
        Objects.requireNonNull(notAfter, "notAfter");
        Instant byLifetime = clock.instant().plus(lifetime);
        Instant expiresAt = (byLifetime.isBefore(notAfter) ? byLifetime : notAfter).truncatedTo(ChronoUnit.SECONDS);
        String username = expiresAt.getEpochSecond() + ":" + userId;
        minted.increment();
        return new TurnCredential(username, password(username), expiresAt);
    }

    /** {@code base64(HMAC-SHA1(secret, username))}, what coturn expects as the password of {@code username}. */
    public String password(String username) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /** Credentials minted since start: a counter for health and metrics. */
    public long mintedCount() {
        return minted.sum();
    }

    public Duration lifetime() {
        return lifetime;
    }
}
