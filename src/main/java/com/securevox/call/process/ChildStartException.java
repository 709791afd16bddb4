package com.securevox.call.process;

import java.util.Objects;

/**
 * A supervised program cannot be brought up: it is not installed, cannot be executed, or does not become ready. The
 * message is the one line an operator reads, naming the program, what went wrong and what is expected:
 * {@code cannot run turnserver: not found on PATH (expected: coturn installed, e.g. apt-get install coturn)}.
 */
public final class ChildStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param program the program as configured (a name looked up on PATH, or a path)
     * @param reason what went wrong, without the program's name
     * @param expected what would fix it
     */
    public ChildStartException(String program, String reason, String expected, Throwable cause) {
        super(
                "cannot run " + Objects.requireNonNull(program, "program") + ": "
                        + Objects.requireNonNull(reason, "reason") + " (expected: "
                        + Objects.requireNonNull(expected, "expected") + ")",
                cause);
    }

    public ChildStartException(String program, String reason, String expected) {
        this(program, reason, expected, null);
    }
}
