package com.securevox.call.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of calls ended: the last call's start and id (calls are ordered by both, newest first). Clients see it
 * as an opaque token, base64url of {@code v1:<epoch millis>:<call id>}.
 */
public record Cursor(Instant startedAt, String callId) {
    private static final Pattern FORM = Pattern.compile("v1:(-?[0-9]{1,19}):([0-9a-f-]{36})");
    private static final int MAX_TOKEN = 100;

    public Cursor {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(callId, "callId");
    }

    public String token() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("v1:" + startedAt.toEpochMilli() + ":" + callId).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor this token stands for; empty if it is not one this server made. */
    public static Optional<Cursor> parse(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Cursor(Instant.ofEpochMilli(Long.parseLong(m.group(1))), m.group(2)));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
