package com.securevox.call.httpapi;

import java.util.Optional;

/** Asks the app's backend who holds a user token ({@code Authorization: Token …}). */
public interface UserVerifier {
    /**
     * Returns the verified userId. Throws {@link HttpApiException} with {@code UNAUTHENTICATED} when
     * the backend refuses the token, or {@code UNAVAILABLE} when it cannot be asked.
     */
    String verify(String authorizationHeader);

    /**
     * What the verifier already knows about the token without asking the backend (a recent answer): the userId, or
     * {@code UNAUTHENTICATED} thrown as by {@link #verify} when the backend recently refused it; empty when only
     * asking would tell. Used for addresses that failed too often, which must not make the backend do work.
     */
    Optional<String> known(String authorizationHeader);
}
