package com.securevox.call.janus;

import com.securevox.call.media.RoomId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code secret} each room is created with: an HMAC of its id under a key drawn when the adapter starts. A room
 * outlives our connection to Janus (rooms are not tied to sessions), so after a reconnection we must still know its
 * secret to destroy it; deriving it means there is nothing to remember, or forget, per room.
 */
final class RoomSecrets {
    private static final String MAC = "HmacSHA256";

    private final SecretKeySpec key;

    RoomSecrets(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        key = new SecretKeySpec(bytes, MAC);
    }

    String of(RoomId room) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(room.value().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
