package com.securevox.call.push;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered device. The token is a bearer of pushes to someone's phone, so {@link #toString} and the API show only
 * its {@link #tokenSuffix}.
 *
 * @param id made by the server (a UUID)
 * @param appId the app's id: for APNs the bundle id the topic is made of (the configured topic when empty)
 * @param environment the APNs environment (present exactly for Apple's platforms)
 * @param registeredAt when this token was last registered, compared with APNs's {@code Unregistered} timestamp
 */
public record Device(
        String id,
        String userId,
        Platform platform,
        String token,
        Optional<String> appId,
        Optional<ApnsEnvironment> environment,
        Instant registeredAt) {

    private static final int SUFFIX = 6;

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(registeredAt, "registeredAt");
    }

    /** The last characters of the token: enough to tell two devices apart in a list, useless for pushing. */
    public String tokenSuffix() {
        return token.length() <= SUFFIX ? "" : token.substring(token.length() - SUFFIX);
    }

    @Override
    public String toString() {
        return "Device[id=" + id + ", userId=" + userId + ", platform=" + platform.wireName() + ", token=…"
                + tokenSuffix() + ", appId=" + appId.orElse("-") + ", environment="
                + environment.map(ApnsEnvironment::wireName).orElse("-") + ", registeredAt=" + registeredAt + "]";
    }
}
