package com.securevox.call.config;

import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, one per line in the message, so that an operator
 * fixes all of them in one go. No problem text contains a secret's value.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: empty (expected: at least one)");
        }
        this.problems = List.copyOf(problems);
    }

    /** Each problem, such as {@code SECUREVOX_CALL_JWT_SECRET: missing (required in production)}. */
    public List<String> problems() {
        return problems;
    }
}
