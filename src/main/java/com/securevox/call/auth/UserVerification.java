package com.securevox.call.auth;

import com.securevox.call.call.Ids;
import java.util.Objects;

/**
 * What the user backend (Django) said about a user token. A closed set, so whoever turns it into a reply handles
 * every case; {@code auth} does not know how the caller reports them (HTTP status, socket error).
 */
public sealed interface UserVerification {

    /** The backend vouched for the token: it belongs to {@code userId}, a valid id (see {@link Ids}). */
    record Verified(String userId) implements UserVerification {
        public Verified {
            if (!Ids.isValid(userId)) {
                throw new IllegalArgumentException(Ids.problem("userId", userId));
            }
        }
    }

    /**
     * The backend refused the token (401 or 403), or the header could not be forwarded at all. The caller's
     * credentials are wrong; asking again will not help.
     *
     * @param reason for the server log; never contains the token
     */
    record Refused(String reason) implements UserVerification {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The backend could not be asked or gave no usable answer (down, slow, 5xx, not JSON, no valid id). Says nothing
     * about the token, so it must never lead to a call token, and it is not cached.
     *
     * @param reason what went wrong, safe to show the caller; never contains the token
     */
    record Unavailable(String reason) implements UserVerification {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
