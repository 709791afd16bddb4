package com.securevox.call.call;

import java.util.Locale;
import java.util.Optional;

/** What a participant may do in a call. The wire names are lower case. */
public enum Role {
    PARTICIPANT,
    HOST;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role with this wire name ({@code participant} or {@code host}), if there is one. */
    public static Optional<Role> fromWire(String wireName) {
        for (Role role : values()) {
            if (role.wireName().equals(wireName)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
