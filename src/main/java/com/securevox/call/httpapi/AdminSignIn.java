package com.securevox.call.httpapi;

import com.securevox.call.auth.ApiKeyVerifier;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may sign in to the admin dashboard: whoever presents the API key, or the admin password when one is configured.
 * Both are compared in constant time (as digests); an empty or missing secret never matches.
 */
public final class AdminSignIn {
    /** What a sign-in was accepted with, for the log line. */
    public enum Credential {
        API_KEY,
        PASSWORD
    }

    private final ApiKeyVerifier apiKey;
    private final Optional<ApiKeyVerifier> password;

    /**
     * @param password the admin password; empty: only the API key signs in
     */
    public AdminSignIn(ApiKeyVerifier apiKey, Optional<String> password) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey: null (expected: the API key's verifier)");
        this.password = password.map(ApiKeyVerifier::new);
    }

    /** Whether {@code secret} is the API key (the admin password does not count): how the nodes ask each other. */
    public boolean isApiKey(String secret) {
        return secret != null && !secret.isEmpty() && apiKey.matches(secret);
    }

    /** What {@code secret} is, or empty when it is neither the API key nor the password. */
    public Optional<Credential> check(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        // Both compared every time, so the time taken does not tell which one a near miss was close to.
        boolean key = apiKey.matches(secret);
        boolean pass = password.map(p -> p.matches(secret)).orElse(false);
        if (key) {
            return Optional.of(Credential.API_KEY);
        }
        return pass ? Optional.of(Credential.PASSWORD) : Optional.empty();
    }
}
