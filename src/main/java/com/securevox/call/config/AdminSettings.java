package com.securevox.call.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Signing in to the admin dashboard ({@code /admin}): besides the API key, which always works, an operator may be
 * given a password of their own so that the key, which backends hold, need not be typed into a browser.
 *
 * @param password {@code SECUREVOX_CALL_ADMIN_PASSWORD}: at least {@link #MIN_PASSWORD_CHARS} visible ASCII
 *     characters; empty: only the API key signs in
 */
public record AdminSettings(Optional<Secret> password) {
    /** As long as a production API key: the password opens the same views. */
    public static final int MIN_PASSWORD_CHARS = ServerConfig.MIN_PRODUCTION_API_KEY_CHARS;

    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

    public AdminSettings {
        Objects.requireNonNull(password, "password: null (expected: a secret or empty)");
        password.flatMap(AdminSettings::problem).ifPresent(problem -> {
            throw new IllegalArgumentException("admin password: " + problem);
        });
    }

    /** What is wrong with a password, if anything; its value is never part of the answer. */
    private static Optional<String> problem(Secret password) {
        if (password.characterCount() < MIN_PASSWORD_CHARS) {
            return Optional.of(
                    password.characterCount() + " characters (expected: at least " + MIN_PASSWORD_CHARS + ")");
        }
        if (!VISIBLE_ASCII.matcher(password.value()).matches()) {
            return Optional.of("contains spaces, control or non-ASCII characters (expected: visible ASCII)");
        }
        return Optional.empty();
    }

    /** No password: only the API key signs in. */
    public static AdminSettings keyOnly() {
        return new AdminSettings(Optional.empty());
    }

    static AdminSettings read(Settings s) {
        Optional<Secret> password =
                s.exact(ConfigKeys.ADMIN_PASSWORD).filter(v -> !v.isEmpty()).map(Secret::new);
        Optional<String> problem = password.flatMap(AdminSettings::problem);
        problem.ifPresent(p -> s.problem(ConfigKeys.ADMIN_PASSWORD + ": " + p));
        return problem.isPresent() ? keyOnly() : new AdminSettings(password);
    }

    public String describe() {
        return password.isPresent() ? "API key or password (configured)" : "API key only";
    }
}
