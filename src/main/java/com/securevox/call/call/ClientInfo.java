package com.securevox.call.call;

import java.util.Objects;

/**
 * How a participant's client reached the server, as plain values from the transport: which Socket.IO transport the
 * socket used when it joined ({@code websocket} or {@code polling}) and the client's {@code User-Agent}. The domain
 * only carries it to the {@link CallJournal}.
 *
 * @param userAgent empty when the client sent none; cut to {@link #MAX_USER_AGENT} characters
 */
public record ClientInfo(String transport, String userAgent) {
    public static final int MAX_USER_AGENT = 512;

    public ClientInfo {
        Objects.requireNonNull(transport, "transport: null (expected: websocket or polling)");
        if (transport.isBlank()) {
            throw new IllegalArgumentException("transport: blank (expected: websocket or polling)");
        }
        userAgent = userAgent == null ? "" : userAgent.strip();
        if (userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
    }
}
