package com.securevox.call.janus;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * What a managed Janus is locked with, new at every start so that no value outlives the process that knew it.
 *
 * @param apiSecret {@code api_secret}: every request of the Janus API carries it
 * @param adminSecret {@code admin_secret}: every Admin API request carries it (replacing Debian's well-known one)
 * @param adminKey the VideoRoom's {@code admin_key}: only requests with it create rooms or forward RTP
 * @param serverName {@code server_name}, which {@code info} answers with: it tells our Janus from another one on the
 *     same port
 */
public record JanusSecrets(String apiSecret, String adminSecret, String adminKey, String serverName) {
    private static final int BYTES = 32;

    public JanusSecrets {
        Objects.requireNonNull(apiSecret, "apiSecret");
        Objects.requireNonNull(adminSecret, "adminSecret");
        Objects.requireNonNull(adminKey, "adminKey");
        Objects.requireNonNull(serverName, "serverName");
    }

    public static JanusSecrets random(SecureRandom random) {
        return new JanusSecrets(
                token(random, BYTES), token(random, BYTES), token(random, BYTES), "securevox-" + token(random, 6));
    }

    /** base64url without padding: safe inside a jcfg string and a JSON value. */
    private static String token(SecureRandom random, int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    @Override
    public String toString() {
        return "JanusSecrets[apiSecret=***, adminSecret=***, adminKey=***, serverName=" + serverName + "]";
    }
}
