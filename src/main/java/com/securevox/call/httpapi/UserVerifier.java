package com.securevox.call.httpapi;

/** Asks the app's backend who holds a user token ({@code Authorization: Token …}). */
@FunctionalInterface
public interface UserVerifier {
    /**
     * Returns the verified userId. Throws {@link HttpApiException} with {@code UNAUTHENTICATED} when
     * the backend refuses the token, or {@code UNAVAILABLE} when it cannot be asked.
     */
    String verify(String authorizationHeader);
}
