package com.securevox.call.transport;

/**
 * What a session keeps of the request that opened it: a few strings, not the request's headers (a browser's cookies
 * and client hints can be kilobytes per socket).
 *
 * @param remote the client's address: the peer's, or the one a trusted proxy forwarded
 * @param userAgent the {@code User-Agent}, or empty
 */
record HandshakeInfo(String remote, String userAgent) {}
